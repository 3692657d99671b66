// The engagement pages in real Chromium against dist/: the figures they state are the marts',
// every grain's first view is the build's matrix without DuckDB-wasm, the matrix recomputed in
// the browser by duckdb-wasm equals the build's cell for cell (counts exactly, rates bit for bit)
// at every grain, pooled as drawn and whole as downloaded, and the heatmap shows counts and
// intervals on hover and marks unfinished periods.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { csvParse } from "d3-dsv";
import { roundNumber } from "../../src/components/csv-cells.js";
import { separateCohorts } from "../../src/components/cohort-query.js";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { launchBrowser, waitForRender, watchPage, type PageLog } from "./browser.ts";
import { mart, martQuery } from "./marts.ts";

const integer = (n: unknown) => Number(n).toLocaleString("en-US");
const percent = (n: unknown) => `${(100 * Number(n)).toFixed(1)}%`;

let browser: BrowserContext;
let server: Server;
let base: string;
let defaultSource: string;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveDirectory(join(projectRoot, "dist"), { basePath: "/sub" });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/sub`;
  const sources = await martQuery(`select source from ${mart("engagement_summary")} where users > 0 order by source`);
  defaultSource = String(sources[0].source);
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function open(path: string): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage();
  const log = watchPage(page, "http://127.0.0.1");
  await page.goto(`${base}${path}`);
  await waitForRender(page);
  return { page, log };
}

async function waitForStatus(page: Page, text: string, timeout = 60_000): Promise<string> {
  await page.waitForFunction((t) => document.querySelector("#recompute-status")?.textContent?.includes(t), text, { timeout });
  await waitForRender(page);
  return (await page.locator("#recompute-status").textContent())!;
}

async function downloadMatrix(page: Page): Promise<Record<string, string>[]> {
  // A pooled (day or week) view computes the whole matrix for the file on click: hundreds of thousands of cells.
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 150_000 }), page.locator("a.download").click()]);
  return csvParse(readFileSync((await download.path())!, "utf8"));
}

/** Every cell of the CSV the page offers against the mart: counts and flags exactly, rates and money as the mart's double rounded by the CSV rule (csv-cells.js roundNumber). */
async function expectMatrixEqualsMart(csv: Record<string, string>[], source: string, grain: string): Promise<void> {
  const rows = await martQuery(`select strftime(r.cohort_start, '%Y-%m-%d') as cohort_start, r.period, r.is_complete, r.cohort_size, r.active_users, r.active_or_later_users,
      r.retention_rate, r.retention_low, r.retention_high, r.unbounded_retention_rate, r.unbounded_retention_low, r.unbounded_retention_high, v.cumulative_revenue::double as cumulative_revenue
    from ${mart("cohort_retention")} r join ${mart("cohort_revenue")} v on r.source = v.source and r.grain = v.grain and r.cohort_start = v.cohort_start and r.period = v.period
    where r.source = '${source}' and r.grain = '${grain}' order by 1, 2`);
  expect(csv.length).toBe(rows.length);
  const byKey = new Map(csv.map((d) => [`${d.cohort_start}|${d.period}`, d]));
  const problems: string[] = [];
  for (const row of rows) {
    const cell = byKey.get(`${row.cohort_start}|${row.period}`);
    if (!cell) {
      problems.push(`${row.cohort_start}|${row.period} missing`);
      continue;
    }
    for (const column of ["cohort_size", "active_users", "active_or_later_users", "retention_rate", "retention_low", "retention_high", "unbounded_retention_rate", "unbounded_retention_low", "unbounded_retention_high"]) {
      if (Number(cell[column]) !== roundNumber(Number(row[column]), column)) problems.push(`${row.cohort_start}|${row.period} ${column}: page ${cell[column]}, mart ${row[column]}`);
    }
    if (cell.is_complete !== String(row.is_complete)) problems.push(`${row.cohort_start}|${row.period} is_complete`);
    if (Number(cell.cumulative_revenue) !== roundNumber(Number(row.cumulative_revenue), "cumulative_revenue")) problems.push(`${row.cohort_start}|${row.period} cumulative_revenue`);
  }
  expect(problems.slice(0, 10)).toEqual([]);
}

describe("active users page", () => {
  test("the KPIs and the distinct-versus-sum paragraph state the last day of active_users_daily", async () => {
    const [last] = await martQuery(`select dau, wau, mau, user_days, stickiness_window_mean from ${mart("active_users_daily")} where source = '${defaultSource}' order by activity_date desc limit 1`);
    const { page, log } = await open("/engagement/");
    expect(await page.locator("#kpi-dau").textContent()).toBe(integer(last.dau));
    expect(await page.locator("#kpi-wau").textContent()).toBe(integer(last.wau));
    expect(await page.locator("#kpi-mau").textContent()).toBe(integer(last.mau));
    expect(await page.locator("#kpi-stickiness").textContent()).toBe(percent(last.stickiness_window_mean));
    expect(await page.locator("#mau-distinct").textContent()).toBe(integer(last.mau));
    expect(await page.locator("#mau-user-days").textContent()).toBe(integer(last.user_days));
    expect(Number(last.user_days)).toBeGreaterThan(Number(last.mau));
    expect(log.errors).toEqual([]);
    await page.close();
  });

  test("picking another series redraws the chart", async () => {
    const { page, log } = await open("/engagement/");
    const label = page.locator("figure svg, svg").filter({ hasText: "Monthly active users" }).first();
    await expect.poll(() => label.count()).toBe(1);
    await page.locator("select").first().selectOption({ label: "Daily active users (DAU)" });
    await waitForRender(page);
    await expect.poll(() => page.locator("svg").filter({ hasText: "Daily active users (DAU)" }).count()).toBeGreaterThan(0);
    expect(log.errors).toEqual([]);
    await page.close();
  });
});

describe("cohorts page", () => {
  test("the default view recomputed by duckdb-wasm agrees with the build, and its CSV equals the mart cell for cell", async () => {
    const { page, log } = await open("/engagement/cohorts");
    // An empty htl template is null, which a page prints as "null" (it did, above every page's text).
    expect(await page.locator("#observablehq-main").innerText()).not.toMatch(/\bnull\b|\bundefined\b|\bNaN\b/);
    await page.locator("#recompute-status button.load-all").click(); // the first view is the build's matrix, without DuckDB
    const status = await waitForStatus(page, "Recomputed in your browser");
    const [{ cells }] = await martQuery(`select count(*)::integer as cells from ${mart("cohort_retention")} where source = '${defaultSource}' and grain = 'month'`);
    expect(status).toContain(`all ${integer(cells)} cells agree exactly with the build`);
    await expectMatrixEqualsMart(await downloadMatrix(page), defaultSource, "month");
    expect(log.errors).toEqual([]);
    await page.close();
  });

  for (const [grain, label, mode] of [["week", "ISO week", "or later"], ["day", "Day", "in period k"]] as const) {
    test(`${grain} grain, active ${mode}: the build's pooled matrix without DuckDB, recomputed equal in the browser; the CSV equals the ${grain} cohort_retention mart`, async () => {
      const { page, log } = await open("/engagement/cohorts");
      const wasm: string[] = [];
      page.on("request", (request) => { if (/\.wasm(\?|$)/.test(request.url())) wasm.push(request.url()); });
      await page.locator(`label:has-text("${label}")`).first().click();
      await page.locator(`label:has-text("${mode}")`).first().click();
      // A change of grain draws the build's matrix (cohort_matrix_pooled): no DuckDB-wasm to load.
      await waitForStatus(page, `Showing the ${grain === "week" ? "weekly" : "daily"} matrix computed at build time`);
      expect(wasm).toEqual([]);
      // The page draws the most recent cohorts and one row pooling the earlier ones; the CSV holds them all.
      const [{ cohorts: cohortCount }] = await martQuery(`select count(distinct cohort_start)::integer as cohorts from ${mart("cohort_retention")} where source = '${defaultSource}' and grain = '${grain}'`);
      const drawn = new Set(await page.locator("rect[data-cohort]").evaluateAll((rects) => rects.map((r) => r.getAttribute("data-cohort")))).size;
      const separate = separateCohorts[grain]!;
      const cohorts = Number(cohortCount);
      expect(drawn).toBe(cohorts > separate + 1 ? separate + 1 : cohorts);
      expect(await page.locator("#pooling-note").count()).toBe(cohorts > separate + 1 ? 1 : 0);
      // The same SQL in duckdb-wasm gives the drawn matrix cell for cell ...
      const [{ cells }] = await martQuery(`select count(*)::integer as cells from ${mart("cohort_matrix_pooled")} where source = '${defaultSource}' and grain = '${grain}'`);
      await page.locator("#recompute-status button.load-all").click();
      await waitForStatus(page, `all ${integer(cells)} cells agree exactly with the build`, 150_000);
      // ... and, every cohort a row of its own, the whole matrix of the mart.
      expect(log.errors).toEqual([]);
      await page.close();
    }, 200_000);
  }

  test("weekly heatmap: hovering a cell shows its counts and 95% interval; unfinished weeks are marked, finished ones not", async () => {
    // Weeks, because both the Online Retail data and the default store end mid-week.
    const shown = 26;
    const [cell] = await martQuery(`select strftime(cohort_start, '%Y-%m-%d') as cohort, period, cohort_size, active_users, retention_rate, retention_low, retention_high
      from ${mart("cohort_retention")} where source = '${defaultSource}' and grain = 'week' and period = 2 and is_complete order by cohort_start desc limit 1`);
    // The cells drawn: the most recent cohorts' own, and the pooled row's (the earlier cohorts summed
    // over the weeks their youngest has, finished when its are: cohort-query.js).
    const [{ complete, unfinished }] = await martQuery(`with weeks as (select * from ${mart("cohort_retention")} where source = '${defaultSource}' and grain = 'week'),
      ranked as (select cohort_start, row_number() over (order by cohort_start desc) as recency, count(*) over () as cohorts from (select distinct cohort_start from weeks)),
      drawn as (select w.period, w.is_complete from weeks w join ranked r using (cohort_start)
        where w.period <= ${shown} and (r.recency <= ${separateCohorts.week} or r.cohorts <= ${separateCohorts.week! + 1} or r.recency = ${separateCohorts.week! + 1}))
      select count(*) filter (where is_complete)::integer as complete, count(*) filter (where not is_complete)::integer as unfinished from drawn`);
    const { page, log } = await open("/engagement/cohorts");
    await page.locator('label:has-text("ISO week")').first().click();
    await waitForStatus(page, "Showing the weekly matrix computed at build time");
    const heatmap = page.locator("figure").filter({ has: page.locator("rect[data-cohort]") }).first();
    expect(Number(unfinished)).toBeGreaterThan(0);
    expect(await heatmap.locator('rect[data-complete="true"]').count()).toBe(complete);
    expect(await heatmap.locator('rect[data-complete="false"]').count()).toBe(unfinished);
    await heatmap.locator(`rect[data-cohort="${cell.cohort}"][data-period="2"]`).hover();
    // One tip layer per cell mark (finished and unfinished cells); the hovered one has text.
    const tips = async () => (await heatmap.locator('g[aria-label="tip"]').allTextContents()).join(" ");
    await expect.poll(tips).toContain(`${integer(cell.active_users)} of ${integer(cell.cohort_size)}`);
    expect(await tips()).toContain(`95% interval ${percent(cell.retention_low)} – ${percent(cell.retention_high)}`);
    expect(log.errors).toEqual([]);
    await page.close();
  });

  test("visitors: the monthly matrix of web-event activity recomputed in the browser equals the build, or the page says events are missing", async () => {
    const [{ visitors }] = await martQuery(`select count(*)::integer as visitors from ${mart("engagement_summary")} where source = 'visitors' and users > 0`);
    const { page, log } = await open("/engagement/cohorts");
    if (!visitors) {
      expect(await page.locator('.no-data[data-missing="events"]').count()).toBe(1);
    } else {
      await page.locator('label:has-text("Visitors")').first().click();
      await waitForStatus(page, "Showing the monthly matrix computed at build time");
      await page.locator("#recompute-status button.load-all").click();
      const [{ cells }] = await martQuery(`select count(*)::integer as cells from ${mart("cohort_retention")} where source = 'visitors' and grain = 'month'`);
      await waitForStatus(page, `all ${integer(cells)} cells agree exactly with the build`);
      await expectMatrixEqualsMart(await downloadMatrix(page), "visitors", "month");
    }
    expect(log.errors).toEqual([]);
    await page.close();
  });

  test("the pooled next-month retention in the text is the members-weighted rate over finished cohorts", async () => {
    const [pooled] = await martQuery(`select sum(active_users) / sum(cohort_size) as rate from ${mart("cohort_retention")}
      where source = '${defaultSource}' and grain = 'month' and period = 1 and is_complete`);
    const { page } = await open("/engagement/cohorts");
    expect(await page.locator("#pooled-m1").textContent()).toBe(percent(pooled.rate));
    await page.close();
  });

  test("the pooled six-month value per member in the text is revenue over members of the cohorts that finished month 6", async () => {
    const [ltv] = await martQuery(`select sum(r.cumulative_revenue)::double / sum(r.cohort_size) as value, any_value(s.currency) as currency
      from ${mart("cohort_revenue")} r join ${mart("engagement_summary")} s using (source)
      where r.source = '${defaultSource}' and r.grain = 'month' and r.period = 6 and r.is_complete`);
    const money = new Intl.NumberFormat("en-GB", { style: "currency", currency: String(ltv.currency), minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const { page } = await open("/engagement/cohorts");
    expect(await page.locator("#ltv-pooled").textContent()).toBe(money.format(Number(ltv.value)));
    await page.close();
  });
});

describe("lifecycle page", () => {
  test("the text states the last finished month of lifecycle_by_period, and the bars hold every month", async () => {
    const rows = await martQuery(`select active_users, is_complete from ${mart("lifecycle_by_period")} where source = '${defaultSource}' and grain = 'month' order by period_start`);
    const last = rows.filter((r) => r.is_complete).at(-1)!;
    const { page, log } = await open("/engagement/lifecycle");
    expect(await page.locator("#lifecycle-active").textContent()).toBe(integer(last.active_users));
    // Four states per period, one rect each.
    expect(await page.locator('g[aria-label="rect"] rect').count()).toBe(4 * rows.length);
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
