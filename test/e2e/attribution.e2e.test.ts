// The attribution page in real Chromium against dist/: the first view needs no DuckDB-wasm and
// states the marts' figures; the browser's recomputation of the heuristic models equals the
// build at the build's lookback and half-life, and at another window equals the same shared SQL
// run by native DuckDB on the published Parquet files; a channel's paths all contain it; the page
// fits a 390 px screen; no console errors.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { csvParse } from "d3-dsv";
import { moneyDecimals, roundNumber } from "../../src/components/csv-cells.js";

/** A CSV cell against an exact figure computed elsewhere: the figure rounded by the CSV rule, give or take one unit of its last kept digit (the two computations may sit either side of a rounding boundary). */
const csvGap = (cell: string, exact: number, column: string) => Math.abs(Number(cell) - Number(roundNumber(exact, column))) / (moneyDecimals(column) === 2 ? 0.01 : Math.max(1e-12, Math.abs(exact) * 1e-5));
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { heuristicCreditsSql } from "../../src/components/attribution-sql.js";
import { launchBrowser, waitForRender, watchPage, type PageLog } from "./browser.ts";

const cacheDir = loadConfig().cacheDir;

/** `sql` over the published marts, each a view named after it. */
async function martQuery(sql: string, marts: string[] = []): Promise<Row[]> {
  const { instance, connection } = await openDatabase();
  try {
    for (const name of marts) await connection.run(`create view ${name} as select * from read_parquet('${martFile(cacheDir, name)}')`);
    return await queryRows(connection, sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

let browser: BrowserContext;
let server: Server;
let base: string;
let summary: Row;
let credits: Row[];

beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveDirectory(join(projectRoot, "dist"));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  summary = (await martQuery("select * from attribution_summary", ["attribution_summary"]))[0];
  credits = await martQuery("select * from attribution_channel_credits order by all", ["attribution_channel_credits"]);
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function open(path: string, width: number): Promise<{ page: Page; log: PageLog; wasm: string[] }> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  const log = watchPage(page, "http://127.0.0.1");
  const wasm: string[] = [];
  page.on("request", (request) => request.url().endsWith(".wasm") && wasm.push(request.url()));
  await page.goto(`${base}${path}`);
  await waitForRender(page);
  return { page, log, wasm };
}

async function downloadCsv(page: Page, link: ReturnType<Page["locator"]>): Promise<Record<string, string>[]> {
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return csvParse(readFileSync((await download.path())!, "utf8"));
}

const heuristic = ["first_touch", "last_touch", "last_non_direct", "linear", "time_decay", "position_based"];
const key = (d: Record<string, unknown>) => `${d.model}|${d.conversion_kind}|${d.channel}`;

describe("attribution page", () => {
  test("first view, figures, recomputation in the browser, a channel's paths (1440 px)", async () => {
    const { page, log, wasm } = await open("/attribution/", 1440);
    // First view: JSON only, no DuckDB-wasm.
    expect(wasm).toEqual([]);
    const lede = await page.locator("p.lede").textContent();
    expect(lede).toContain(`From ${Number(summary.conversions).toLocaleString("en-US")} conversions`);
    expect(lede).toContain(`${Number(summary.conversions_first).toLocaleString("en-US")} first-time`);

    // The side-by-side table: every channel's credit under every model, as the mart has it.
    const table = page.locator("main form table").first(); // the first table on the page
    // Inputs.table keeps an empty first column (the selection boxes, off here).
    const headers = (await table.locator("thead th").allTextContents()).map((t) => t.trim()).slice(1);
    const models = ["first_touch", "last_touch", "last_non_direct", "linear", "time_decay", "position_based", "markov", "shapley"];
    expect(headers.slice(0, 9)).toEqual(["Channel", "First touch", "Last touch", "Last non-direct", "Linear", "Time decay", "Position-based", "Markov chain", "Shapley value"]);
    const all = credits.filter((d) => d.conversion_kind === "all");
    const channels = [...new Set(all.map((d) => String(d.channel)))];
    const bodyRows = await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].slice(1).map((td) => td.textContent!.trim())));
    expect(bodyRows.length).toBe(channels.length);
    for (const cells of bodyRows) {
      models.forEach((model, i) => {
        const mart = all.find((d) => d.channel === cells[0] && d.model === model)!;
        expect(cells[i + 1], `${cells[0]} ${model}`).toBe(Number(mart.conversions).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
      });
    }
    // Its CSV holds the mart's numbers, rounded by the CSV rule (csv-cells.js roundNumber: money to cents, other fractions to six significant digits).
    const csv = await downloadCsv(page, page.locator("a.download").first());
    expect(csv.length).toBe(all.length);
    const byKey = new Map(all.map((d) => [key(d), d]));
    for (const row of csv) {
      expect(Number(row.conversions), key(row)).toBe(roundNumber(Number(byKey.get(key(row))!.conversions), "conversions"));
      expect(Number(row.revenue), key(row)).toBe(roundNumber(Number(byKey.get(key(row))!.revenue), "revenue"));
    }

    // At the build's settings the browser's recomputation equals the build.
    await page.getByRole("button", { name: "Recompute in the browser" }).click();
    await page.waitForSelector("[data-agreement]", { timeout: 90_000 });
    expect(await page.locator("[data-agreement]").getAttribute("data-agreement")).toBe("equal");
    expect(wasm.length).toBeGreaterThan(0);
    const recomputedAtBuild = await downloadCsv(page, page.locator("a.download").nth(1));
    const built = new Map(credits.filter((d) => heuristic.includes(String(d.model))).map((d) => [key(d), d]));
    for (const row of recomputedAtBuild) {
      expect(csvGap(row.conversions, Number(built.get(key(row))!.conversions), "conversions"), key(row)).toBeLessThanOrEqual(1.001);
      expect(csvGap(row.revenue, Number(built.get(key(row))!.revenue), "revenue"), key(row)).toBeLessThanOrEqual(1.001);
    }

    // Another window: the page's numbers are the shared SQL run by native DuckDB on the same files.
    const lookback = page.locator("form", { hasText: "Lookback window" }).locator("input[type=number]");
    await lookback.fill("7");
    await lookback.dispatchEvent("input");
    await page.waitForSelector("#recomputed[data-recomputed-lookback='7']", { timeout: 60_000 });
    await waitForRender(page);
    const browserRows = await downloadCsv(page, page.locator("a.download").nth(1));
    const shares = { first: Number(summary.position_first), middle: Number(summary.position_middle), last: Number(summary.position_last) };
    const native = await martQuery(heuristicCreditsSql({ journeys: "attribution_journeys", touches: "attribution_journey_touches", lookbackDays: 7, halfLifeDays: Number(summary.half_life_days), shares }), ["attribution_journeys", "attribution_journey_touches"]);
    expect(browserRows.length).toBe(native.length);
    const nativeByKey = new Map(native.map((d) => [key(d), d]));
    for (const row of browserRows) expect(csvGap(row.conversions, Number(nativeByKey.get(key(row))!.conversions), "conversions"), key(row)).toBeLessThanOrEqual(1.001);
    // A narrower window moves credit towards the last touch: first touch credits change somewhere.
    expect(browserRows.some((r) => r.model === "first_touch" && Math.abs(Number(r.conversions) - Number(built.get(key(r))?.conversions ?? 0)) > 0.5)).toBe(true);

    // Picking a channel lists paths that all contain it.
    await page.locator("form", { hasText: "Paths of channel" }).locator("select").selectOption("Paid Search");
    await waitForRender(page);
    const paths = await page.locator("p:has-text('that touch') + form table tbody tr td:nth-child(3)").allTextContents();
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path.split(" > ")).toContain("Paid Search");

    expect(log.errors).toEqual([]);
    expect(log.external).toEqual([]);
  }, 180_000);

  test("390 px: fits the screen, charts drawn, no console errors", async () => {
    const { page, log, wasm } = await open("/attribution/", 390);
    expect(wasm).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator("main svg[class*=plot]").count()).toBeGreaterThanOrEqual(3);
    expect(log.errors).toEqual([]);
  }, 120_000);
});
