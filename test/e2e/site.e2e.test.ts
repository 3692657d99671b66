// The built site (dist/) in real Chromium: every page renders without errors and without a
// single request leaving 127.0.0.1, at the root and under a GitHub Pages style sub-path; the
// figures shown match the marts; the RFM drill-down queries DuckDB in the browser and downloads CSV.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import config from "../../observablehq.config.ts";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { launchBrowser, printedNothing, waitForRender, watchPage } from "./browser.ts";

type PageEntry = { path?: string; pages?: PageEntry[] };
const flatten = (entries: PageEntry[]): string[] => entries.flatMap((e) => (e.pages ? flatten(e.pages) : [e.path!]));
const pagePaths = ["/", ...flatten(config.pages as PageEntry[])];
const marts = loadConfig().cacheDir;

async function martQuery(sql: (file: (name: string) => string) => string) {
  const { instance, connection } = await openDatabase();
  try {
    return await queryRows(connection, sql((name) => `read_parquet('${martFile(marts, name)}')`));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

let browser: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

for (const basePath of ["", "/storefront-analytics"]) {
  describe(`site served at ${basePath || "/"}`, () => {
    let server: Server;
    let origin: string;
    beforeAll(async () => {
      server = await serveDirectory(join(projectRoot, "dist"), { basePath });
      origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(() => server?.close());

    for (const path of pagePaths) {
      test(`${path} renders with no errors and no external requests`, async () => {
        const page = await browser.newPage();
        const log = watchPage(page, origin);
        await page.goto(`${origin}${basePath}${path}`, { waitUntil: "load" });
        await waitForRender(page);
        const errorsInPage = await page.locator(".observablehq--error").allTextContents();
        const nothing = await printedNothing(page);
        // Table headers are words, never a database column name such as recency_days.
        const columnNameHeaders = (await page.locator("table thead th").allTextContents()).map((t) => t.trim()).filter((t) => /^[a-z0-9]+(_[a-z0-9]+)+$/.test(t));
        // Counts agree with their noun (format.js formatCount / plural), never "order(s)" or "1 are".
        const pluralSlips = (await page.locator("#observablehq-main").innerText()).match(/\w\(s\)|\b1 (are|were|customers|orders|cohorts|users|sessions|lines|rows|products)\b/g) ?? [];
        // Printed, the page is the report alone: no sidebar, header or table of contents (src/print.css).
        await page.emulateMedia({ media: "print" });
        const printedFurniture = await page.evaluate(() => ["#observablehq-sidebar", "#observablehq-header", "#observablehq-toc"].filter((s) => {
          const element = document.querySelector(s);
          return element !== null && getComputedStyle(element).display !== "none";
        }));
        await page.emulateMedia({ media: "screen" });
        if (path === "/") {
          // The home page lists the reports in the sidebar's order, and says which inputs this build lacks.
          const paths = (selector: string) => page.locator(selector).evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
          const listed = await paths("#home-reports a");
          const sidebar = (await paths("#observablehq-sidebar a")).filter((p) => listed.includes(p));
          expect(listed.length).toBeGreaterThan(10);
          expect(listed).toEqual([...new Set(sidebar)]);
        }
        expect({ errorsInPage, nothing, columnNameHeaders, pluralSlips, printedFurniture, ...log }).toEqual({ errorsInPage: [], nothing: [], columnNameHeaders: [], pluralSlips: [], printedFurniture: [], errors: [], external: [], failed: [] });
        await page.close();
      });
    }
  });
}

describe("figures and drill-down", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = await serveDirectory(join(projectRoot, "dist"), { basePath: "/sub" });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/sub`;
  });
  afterAll(() => server?.close());

  test("a printed table carries its rows (up to 100) and says when it is cut, whatever was scrolled on screen", async () => {
    const [{ tests }] = await martQuery((f) => `SELECT count(*)::INTEGER AS tests FROM ${f("data_test_results")}`);
    const page = await browser.newPage();
    await page.goto(`${base}/data-quality`);
    await waitForRender(page);
    const drawn = await page.locator("form[data-print-note] tbody tr").count();
    expect(drawn).toBeLessThan(100); // on screen, Inputs.table draws rows as the box is scrolled
    await page.pdf(); // fires beforeprint, as the browser's Print and Save as PDF do
    await page.emulateMedia({ media: "print" });
    const printed = await page.evaluate(() => Array.from(document.querySelectorAll("form[data-print-rows]"), (form) => ({
      wanted: Number((form as HTMLElement).dataset.printRows),
      shown: Array.from(form.querySelectorAll("tbody tr")).filter((tr) => getComputedStyle(tr).display !== "none").length,
      note: getComputedStyle(form, "::after").content,
    })));
    await page.close();
    expect(printed.every((t) => t.shown === t.wanted)).toBe(true);
    const cut = printed.filter((t) => t.note !== "none");
    expect(cut.map((t) => [t.shown, t.note])).toEqual([[100, `"Printed: the first 100 of ${Number(tests).toLocaleString("en-US")} rows, in the order shown on screen. The whole table is on the report's page."`]]);
  });

  test("the overview states the customer count of the mart", async () => {
    const [{ customers }] = await martQuery((f) => `SELECT count(*)::INTEGER AS customers FROM ${f("customer_360")}`);
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await waitForRender(page);
    expect(await page.locator("#kpi-customers").textContent()).toBe(Number(customers).toLocaleString("en-US"));
    await page.close();
  });

  test("picking an RFM cell lists exactly its customers, and the CSV holds them", async () => {
    const cells = await martQuery((f) => `SELECT r_score, fm_score, count(*)::INTEGER AS n, list(customer_id ORDER BY customer_id) AS ids,
      list(customer_id ORDER BY monetary DESC, customer_id) AS by_spend FROM ${f("customer_360")} WHERE is_scored GROUP BY ALL ORDER BY n DESC, r_score, fm_score LIMIT 1`);
    const { r_score, fm_score, n, ids, by_spend } = cells[0] as { r_score: number; fm_score: number; n: number; ids: string[]; by_spend: string[] };
    const page = await browser.newPage();
    const log = watchPage(page, "http://127.0.0.1");
    await page.goto(`${base}/customers/`);
    await waitForRender(page);
    expect(await page.locator('g[aria-label="cell"] rect').count()).toBe(25);
    // A cell is picked from the keyboard as by a click (Tab to it, Enter), and the pick is kept in the address.
    await page.locator(`g[aria-label="cell"] rect[data-r="${r_score}"][data-fm="${fm_score}"]`).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((text) => document.querySelector("#cell-heading")?.textContent?.startsWith(text), `R ${r_score} · FM ${fm_score} (`);
    expect(new URL(page.url()).searchParams.get("cell")).toBe(r_score === 5 && fm_score === 5 ? null : `r${r_score}fm${fm_score}`);
    await waitForRender(page);
    expect(await page.locator("#cell-heading").textContent()).toContain(`${n.toLocaleString("en-US")} customers`);
    // First view, without DuckDB: the cell's biggest spenders from the build's JSON, in the mart's order.
    const firstColumn = () => page.locator("#cell-customers tbody tr td:nth-child(2)").allTextContents();
    expect(await firstColumn()).toEqual(by_spend.slice(0, (await firstColumn()).length));
    expect((await firstColumn()).length).toBe(Math.min(10, n));
    // The whole list and its CSV come from DuckDB-wasm, loaded by the button.
    await page.locator("button.load-all").click();
    await page.waitForSelector("a.download", { timeout: 60_000 });
    await waitForRender(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.download").click()]);
    const csv = readFileSync((await download.path())!, "utf8").trim().split("\n");
    expect(csv[0].split(",")[0]).toBe("customer_id");
    const downloaded = csv.slice(1).map((line) => line.split(",")[0]).sort();
    expect(downloaded).toEqual([...ids].sort());
    expect(log.errors).toEqual([]);
    await page.close();
  });

  test("the segments page lists a segment's customers and shows the picked customer's orders", async () => {
    const [segment] = await martQuery((f) => `SELECT segment, count(*)::INTEGER AS n FROM ${f("customer_360")} GROUP BY ALL ORDER BY n DESC, segment LIMIT 1`);
    const [top] = await martQuery((f) => `SELECT customer_id, frequency::INTEGER AS orders FROM ${f("customer_360")} WHERE segment = '${String(segment.segment).replaceAll("'", "''")}' ORDER BY monetary DESC, customer_id LIMIT 1`);
    const [{ invoices }] = await martQuery((f) => `SELECT count(*)::INTEGER AS invoices FROM ${f("customer_orders")} WHERE customer_id = '${top.customer_id}'`);
    const page = await browser.newPage();
    const log = watchPage(page, "http://127.0.0.1");
    // A link with ?segment= opens the page on that segment (src/components/url-state.js); an unknown parameter value is ignored.
    await page.goto(`${base}/customers/segments?segment=${encodeURIComponent(String(segment.segment))}&customer=nobody`);
    await waitForRender(page);
    await page.waitForFunction((name) => document.querySelector("#segment-summary")?.textContent?.startsWith(name), String(segment.segment));
    expect(await page.locator("form select").first().evaluate((s: HTMLSelectElement) => s.selectedOptions[0].textContent)).toBe(`${segment.segment} (${Number(segment.n).toLocaleString("en-US")})`);
    expect(new URL(page.url()).searchParams.has("customer")).toBe(false);
    await waitForRender(page);
    // The first customer's detail is in the first view (no DuckDB yet).
    await page.waitForSelector(`#customer-detail[data-customer="${top.customer_id}"]`);
    expect(await page.locator('#customer-detail g[aria-label="dot"] circle').count()).toBe(invoices);
    await page.locator("button.load-all").click();
    await page.waitForSelector("a.download", { timeout: 60_000 });
    await waitForRender(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.download").click()]);
    const lines = readFileSync((await download.path())!, "utf8").trim().split("\n");
    expect(lines.length - 1).toBe(segment.n);
    // The first (highest-spending) customer is shown by default, with one mark per invoice.
    await page.waitForSelector(`#customer-detail[data-customer="${top.customer_id}"]`);
    expect(await page.locator('#customer-detail g[aria-label="dot"] circle').count()).toBe(invoices);
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
