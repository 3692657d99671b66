// Pages that survive thin data (issue 19 point 5): a store of one order line (and no events), a
// store of one day (the default store's first day: its order lines, events, customers and
// experiment assignments) and a store whose every line is excluded each build, and every page of
// each renders without an error and without printing "null", "NaN" or "undefined" for what is
// absent, and without fetching DuckDB-wasm. Each is built into a folder of its own, so dist/ is
// left alone.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import config from "../../observablehq.config.ts";
import { openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { launchBrowser, printedNothing, waitForRender, watchPage } from "./browser.ts";

type PageEntry = { path?: string; pages?: PageEntry[] };
const flatten = (entries: PageEntry[]): string[] => entries.flatMap((e) => (e.pages ? flatten(e.pages) : [e.path!]));
const pagePaths = ["/", ...flatten(config.pages as PageEntry[])];
const header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
const defaultStore = join(projectRoot, "data", "default-store");
const noData = (table: string) => `.no-data[data-missing="${table}"]`;

interface Store {
  name: string;
  /** Writes the store's files into `dir`; returns the config's sources block. */
  write(dir: string): Promise<string>;
  /** Page -> the note it must show for what the store lacks (a CSS selector). */
  missing: Record<string, string>;
}

const stores: Store[] = [
  {
    name: "one-row",
    async write(dir) {
      writeFileSync(join(dir, "lines.csv"), `${header}536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n`);
      return "  order_lines:\n    path: lines.csv\n    preset: uci_online_retail\n";
    },
    missing: { "/engagement/": noData("events"), "/funnels/": noData("events"), "/funnels/journeys": noData("events"), "/attribution/": noData("events"), "/experiments/": "#no-experiments" },
  },
  {
    name: "one-day",
    async write(dir) {
      const { instance, connection } = await openDatabase();
      try {
        for (const [table, column] of [["order_lines", "InvoiceDate"], ["events", "event_at"], ["experiment_assignments", "assigned_at"]]) {
          const file = join(defaultStore, `${table}.parquet`);
          await connection.run(`COPY (SELECT * FROM read_parquet('${file}') WHERE CAST("${column}" AS DATE) = (SELECT min(CAST("${column}" AS DATE)) FROM read_parquet('${file}'))) TO '${join(dir, `${table}.parquet`)}' (FORMAT parquet)`);
        }
        await connection.run(`COPY (SELECT * FROM read_parquet('${join(defaultStore, "customers.parquet")}')) TO '${join(dir, "customers.parquet")}' (FORMAT parquet)`);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
      return ["order_lines:\n    path: order_lines.parquet\n    preset: uci_online_retail", "customers:\n    path: customers.parquet", "events:\n    path: events.parquet", "experiment_assignments:\n    path: experiment_assignments.parquet"].map((s) => `  ${s}\n`).join("");
    },
    missing: {},
  },
  {
    name: "all-excluded",
    async write(dir) {
      // Every line excluded from every model, for a different reason each (seeds/exclusion_reasons.csv):
      // a negative price, a bad-debt write-off and a manual adjustment.
      const lines = [
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,-2.55,17850,United Kingdom",
        "A536366,B,Adjust bad debt,1,2010-12-02 08:28:00,-11062.06,,United Kingdom",
        "536367,M,Manual,1,2010-12-02 09:00:00,0.85,13047,France",
      ];
      writeFileSync(join(dir, "lines.csv"), header + lines.join("\n") + "\n");
      return "  order_lines:\n    path: lines.csv\n    preset: uci_online_retail\n";
    },
    // Order lines there are, none kept: the engagement pages say so rather than "no order lines".
    missing: { "/engagement/": `${noData("events")}, .no-data[data-empty="order_lines"]`, "/funnels/": noData("events") },
  },
];

let browser: BrowserContext;
beforeAll(async () => {
  if (!existsSync(join(defaultStore, "events.parquet"))) throw new Error(`no default store in ${defaultStore}: run npm run build first`);
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

for (const store of stores) {
  describe(`the ${store.name} store`, () => {
    let server: Server;
    let origin: string;
    beforeAll(async () => {
      const dir = join(process.env.ANALYTICS_TEST_TMP!, `thin-${store.name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "analytics.config.yml"), `name: thin-${store.name}\nsources:\n${await store.write(dir)}`);
      const site = join(dir, "site");
      const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-site.ts"], {
        cwd: projectRoot, encoding: "utf8", env: { ...process.env, ANALYTICS_CONFIG: join(dir, "analytics.config.yml"), ANALYTICS_SITE_DIR: site },
      });
      if (build.status !== 0) throw new Error(`build of the ${store.name} store failed:\n${build.stderr}`);
      server = await serveDirectory(site);
      origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    }, 300_000);
    afterAll(() => server?.close());

    // One test per store, every page in it: several checks per page load, and the failures of all pages at once.
    test("every page renders without an error and prints nothing for what is absent", async () => {
      const problems: Record<string, unknown> = {};
      for (const path of pagePaths) {
        const page = await browser.newPage();
        const log = watchPage(page, origin);
        // The first view is drawn from the build's data, thin or not: DuckDB-wasm is not fetched.
        const wasm: string[] = [];
        page.on("request", (request) => request.url().endsWith(".wasm") && wasm.push(request.url()));
        await page.goto(`${origin}${path}`);
        await waitForRender(page);
        const found = {
          wasm,
          errorsInPage: await page.locator(".observablehq--error").allTextContents(),
          nothing: await printedNothing(page),
          // Every selector of the page's list, each once.
          missingNote: store.missing[path] ? Math.min(...(await Promise.all(store.missing[path].split(", ").map((one) => page.locator(one).count())))) : 1,
          ...log,
        };
        if (Object.values(found).some((v) => (Array.isArray(v) ? v.length : v !== 1))) problems[path] = found;
        await page.close();
      }
      expect(problems).toEqual({});
    }, 240_000);
  });
}
