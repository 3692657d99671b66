// The segment migration page in real Chromium against dist/, loaded once at phone width in dark
// mode. First view from the build's JSON only (no DuckDB): the narrative states the summary mart's
// figures, the flow chart has a band per flow of the latest period, the matrix holds that period's
// flows. Then the reader loads DuckDB: the matrix for the same default pair, recomputed in the
// browser, equals segment_migration_flows; a pair the build did not compute (first to latest date)
// holds every customer at the later date, counted here from customer_segment_history; the CSV of a
// cell lists the customers a separate query finds in customer_segment_history.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { csvParse } from "d3-dsv";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Row } from "../../data-loaders/pipeline/duckdb.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { launchBrowser, waitForRender, watchPage, type PageLog } from "./browser.ts";
import { mart, martQuery } from "./marts.ts";

const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const percent = (n: unknown) => `${(100 * Number(n)).toFixed(1)}%`;

let browser: BrowserContext;
let server: Server;
let page: Page;
let log: PageLog;
let latest: Row;
let defaultFlows: Row[];
const requests: string[] = [];

/** The matrix on screen as "from -> to" = customers. */
const matrixCells = async () => new Map((await page.locator("table.migration-matrix td[data-from]").evaluateAll((tds) =>
  tds.map((td) => [`${td.getAttribute("data-from")} -> ${td.getAttribute("data-to")}`, Number(td.getAttribute("data-customers"))] as [string, number]))));

beforeAll(async () => {
  [latest] = await martQuery(`select * from ${mart("segment_migration_summary")} order by from_snapshot desc limit 1`);
  defaultFlows = await martQuery(`select * from ${mart("segment_migration_flows")} where from_snapshot = '${day(latest.from_snapshot)}' and to_snapshot = '${day(latest.to_snapshot)}'`);
  browser = await launchBrowser();
  server = await serveDirectory(join(projectRoot, "dist"));
  page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  log = watchPage(page, "http://127.0.0.1");
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/customers/migration`);
  await waitForRender(page);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  server?.close();
});

test("the first view is the build's: narrative figures, flow chart and matrix of the latest period, no DuckDB", async () => {
  const narrative = (await page.locator("#migration-narrative").textContent())!.replace(/\s+/g, " ");
  expect(narrative).toContain(`of the ${Number(latest.customers_at_both).toLocaleString("en-US")} customers`);
  expect(narrative).toContain(`${percent(latest.stayed_share)} stayed`);
  expect(narrative).toContain(`${percent(latest.slipped_share)} slipped`);
  const costliest = defaultFlows.filter((d) => d.direction === "slipped").sort((a, b) => Number(b.revenue_year_before) - Number(a.revenue_year_before))[0];
  expect(narrative).toContain(`${Number(costliest.customers).toLocaleString("en-US")} ${costliest.from_segment}`);
  expect(await page.locator("svg.migration-sankey .sankey-link").count()).toBe(defaultFlows.length);
  expect(await page.locator("#matrix-state").getAttribute("data-source")).toBe("build");
  expect(await matrixCells()).toEqual(new Map(defaultFlows.map((d) => [`${d.from_segment} -> ${d.to_segment}`, Number(d.customers)])));
  expect(requests.filter((url) => /duckdb|\.wasm|customer_segment_history/.test(url))).toEqual([]);
  // Worth in the year before follows the report's value basis, stated on the page as on every customer page.
  const [{ value_basis }] = await martQuery(`select value_basis from ${mart("store_summary")}`);
  expect((await page.locator("#value-basis").textContent())!).toContain(value_basis === "gross" ? "Customer value is gross" : "net of cancellations and returns");
});

test("in the browser, the default pair's matrix equals the build mart, and any pair holds every customer", async () => {
  await page.getByRole("button", { name: "Compare other dates in the browser" }).click();
  await page.waitForSelector("#matrix-state[data-source=browser]", { timeout: 90_000 });
  await waitForRender(page);
  expect(await matrixCells()).toEqual(new Map(defaultFlows.map((d) => [`${d.from_segment} -> ${d.to_segment}`, Number(d.customers)])));
  // Revenue too: the browser sums the history's doubles, the build its decimals; a cent apart at most.
  const revenue = new Map(await page.locator("table.migration-matrix td[data-from]").evaluateAll((tds) =>
    tds.map((td) => [`${td.getAttribute("data-from")} -> ${td.getAttribute("data-to")}`, Number(td.getAttribute("data-revenue"))] as [string, number])));
  for (const d of defaultFlows) expect(Math.abs(revenue.get(`${d.from_segment} -> ${d.to_segment}`)! - Number(d.revenue_year_before))).toBeLessThan(0.01);

  // First snapshot to the latest: the build never paired them.
  const [{ first, last, customers }] = await martQuery(`select min(snapshot_date) as first, max(snapshot_date) as last,
      count(*) filter (where snapshot_date = (select max(snapshot_date) from ${mart("customer_segment_history")})) as customers
    from ${mart("customer_segment_history")}`);
  const fromSelect = page.locator("form", { hasText: "From" }).locator("select");
  await fromSelect.selectOption({ index: 0 });
  await page.waitForFunction(() => document.querySelector("#matrix-state")?.textContent?.includes("→"), undefined, { timeout: 30_000 });
  await waitForRender(page);
  const cells = await matrixCells();
  expect([...cells.values()].reduce((a, b) => a + b, 0)).toBe(Number(customers));
  const stayedFirst = await martQuery(`select count(*) as n from ${mart("customer_segment_history")} a join ${mart("customer_segment_history")} b using (customer_id)
    where a.snapshot_date = '${day(first)}' and b.snapshot_date = '${day(last)}' and a.segment = b.segment and a.segment = 'Champions'`);
  expect(cells.get("Champions -> Champions") ?? 0).toBe(Number(stayedFirst[0].n));
});

test("the CSV of a cell lists its customers", async () => {
  const cell = (await page.locator("#cell-summary").textContent())!.replace(/\s+/g, " ");
  const [, fromSegment, toSegment] = cell.match(/went from (.+?) to (.+?) \(/)!;
  const [{ first, last }] = await martQuery(`select min(snapshot_date) as first, max(snapshot_date) as last from ${mart("customer_segment_history")}`);
  const expected = await martQuery(`select b.customer_id from ${mart("customer_segment_history")} b
    left join ${mart("customer_segment_history")} a on a.customer_id = b.customer_id and a.snapshot_date = '${day(first)}'
    where b.snapshot_date = '${day(last)}' and coalesce(a.segment, '(not yet a customer)') = '${fromSegment.replaceAll("'", "''")}' and b.segment = '${toSegment.replaceAll("'", "''")}'
    order by 1`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.download").click()]);
  const csv = csvParse(readFileSync((await download.path())!, "utf8"));
  expect(csv.map((d) => d.customer_id).sort()).toEqual(expected.map((d) => String(d.customer_id)).sort());
  expect(csv.length).toBeGreaterThan(0);
});

test("no console error, no request off 127.0.0.1, no wider than a 390 px screen", async () => {
  expect(log.errors).toEqual([]);
  expect(log.external).toEqual([]);
  expect(log.failed).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
