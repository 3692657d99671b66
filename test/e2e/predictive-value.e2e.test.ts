// The predictive value page in real Chromium against dist/, loaded once at phone width in dark
// mode: its narrative figures are the marts', every fit warning and boundary is stated, both
// charts are drawn, DuckDB is not fetched until the reader asks for the customer table, the table
// and its CSV hold customer_clv_predictions, and the page makes no request off 127.0.0.1, logs no
// error and is no wider than the phone.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { csvParse } from "d3-dsv";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { launchBrowser, waitForRender, watchPage, type PageLog } from "./browser.ts";
import { mart, martQuery } from "./marts.ts";

const integer = (n: unknown) => Number(n).toLocaleString("en-US", { maximumFractionDigits: 0 });

let browser: BrowserContext;
let server: Server;
let page: Page;
let log: PageLog;
const requests: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveDirectory(join(projectRoot, "dist"));
  page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  log = watchPage(page, "http://127.0.0.1");
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/customers/predictive-value`);
  await waitForRender(page);
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

test("the narrative states the marts' figures", async () => {
  const [counts] = await martQuery(`select count(*) filter (where p_alive >= 0.5) as active, sum(predicted_value) as value from ${mart("customer_clv_predictions")}`);
  const [holdout] = await martQuery(`select * from ${mart("clv_holdout_summary")}`);
  const text = async (id: string) => (await page.locator(`#${id}`).textContent())?.trim();
  expect(await text("clv-likely-active")).toBe(integer(counts.active));
  expect((await text("clv-total-value"))!.replace(/[^\d]/g, "")).toBe(String(Math.round(Number(counts.value))));
  expect(await text("clv-holdout-predicted")).toBe(integer(holdout.predicted_purchases));
  expect(await text("clv-holdout-actual")).toBe(integer(holdout.actual_purchases));
});

test("every fit warning and every fit on a boundary is stated, in the mart's words", async () => {
  const fits = await martQuery(`select fit, model, warning, boundary from ${mart("clv_fit_diagnostics")} order by fit, model`);
  const items = async (selector: string) => (await page.locator(`${selector} li`).allTextContents()).map((t) => t.trim());
  const boundaries = await items("[data-clv-boundary]");
  expect(boundaries.length).toBe(fits.filter((f) => f.boundary !== null).length);
  for (const f of fits.filter((f) => f.boundary !== null)) expect(boundaries.some((t) => t.includes(String(f.boundary)))).toBe(true);
  const warnings = await items("[data-clv-warning]");
  for (const f of fits.filter((f) => f.warning !== null)) expect(warnings.some((t) => t.includes(String(f.warning)))).toBe(true);
  if (!fits.some((f) => f.warning !== null)) expect(await page.locator("[data-clv-converged]").count()).toBe(1);
});

test("the holdout chart and the P(alive) heatmap are drawn, one cell per grid row", async () => {
  const [grid] = await martQuery(`select count(*) as n from ${mart("clv_palive_grid")}`);
  await expect.poll(() => page.locator("#clv-holdout-chart circle").count()).toBeGreaterThan(0);
  expect(await page.locator("#clv-palive-heatmap g[aria-label='cell'] rect").count()).toBe(Number(grid.n));
});

test("DuckDB loads only on request; the customer table and its CSV hold every customer", async () => {
  // Framework preloads the DuckDB client module; the wasm and the data wait for the click.
  expect(requests.filter((url) => /\.wasm|\.parquet/.test(url))).toEqual([]);
  await page.getByRole("button", { name: "Load the customer table" }).click();
  await page.locator("[data-clv-drill] table").waitFor({ timeout: 60_000 });
  const [all] = await martQuery(`select count(*) as n from ${mart("customer_clv_predictions")}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-clv-drill] a.download").click()]);
  const csv = csvParse(readFileSync((await download.path())!, "utf8"));
  expect(csv.length).toBe(Number(all.n));
  const top = (await martQuery(`select customer_id from ${mart("customer_clv_predictions")} order by predicted_value desc nulls last, customer_id limit 1`))[0];
  expect(csv[0].customer_id).toBe(top.customer_id);
});

test("what customers spent is net of credit notes by default (issue 17 point 1), and the page states the rule", async () => {
  expect(await page.locator("#value-basis").textContent()).toMatch(/net of cancellations and returns/);
  const headers = await page.locator("table th").allTextContents();
  expect(headers).toContain("spent so far, net");
  // The likely-lost total is the RFM marts' net monetary of those customers, not their gross purchases.
  const [lost] = await martQuery(`select sum(v.monetary) as net, sum(v.gross_monetary) as gross
    from ${mart("clv_customer_highlights")} h inner join ${mart("customer_360")} v using (customer_id) where h.list = 'likely_lost'`);
  expect((await page.locator("#clv-lost-spent").textContent())!.replace(/[^\d]/g, "")).toBe(String(Math.round(Number(lost.net))));
  expect(Number(lost.net)).not.toBe(Number(lost.gross));
});

test("a tier without a figure shows the dash in that cell, not an empty cell", async () => {
  const missing = await martQuery(`select predictive_tier from ${mart("clv_tier_summary")} where mean_p_alive is null order by predictive_tier`);
  expect(missing.length).toBeGreaterThan(0); // the default store has customers with no net value
  const table = page.locator("table").filter({ has: page.locator("th", { hasText: "mean P(alive)" }) });
  const column = (await table.locator("thead th").allTextContents()).findIndex((t) => t.includes("mean P(alive)"));
  for (const { predictive_tier } of missing) {
    const cells = await table.locator("tbody tr").filter({ hasText: String(predictive_tier) }).first().locator("td").allTextContents();
    expect(cells[column], String(predictive_tier)).toBe("—");
  }
});

test("no console error, no request off 127.0.0.1, no wider than a 390 px screen", async () => {
  expect(log.errors).toEqual([]);
  expect(log.external).toEqual([]);
  expect(log.failed).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
