// The journeys page in real Chromium against dist/, loaded once at phone width in dark mode:
// its figures are the marts', the flow chart has one node per (step, event) and one band per
// journey_flows row, the path table and its CSV hold journey_paths, the page makes no request
// off 127.0.0.1, logs no error, is no wider than the phone, and its chart text is light on dark;
// fewer steps fold the rest into "(more steps)".
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

/** Every row of a mart, counts as plain numbers. */
async function martRows(name: string): Promise<Row[]> {
  const rows = await martQuery(`select * from ${mart(name)}`);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
}

const integer = (n: unknown) => Number(n).toLocaleString("en-US");
const percent = (n: unknown) => `${(100 * Number(n)).toFixed(1)}%`;

let browser: BrowserContext;
let server: Server;
let page: Page;
let log: PageLog;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveDirectory(join(projectRoot, "dist"));
  page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  log = watchPage(page, "http://127.0.0.1");
  await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/funnels/journeys`);
  await waitForRender(page);
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

test("the narrative states the marts' figures", async () => {
  const [summary] = await martRows("journey_summary");
  const paths = (await martRows("journey_paths")).sort((a, b) => Number(a.path_rank) - Number(b.path_rank));
  const flows = await martRows("journey_flows");
  const topExit = flows.filter((d) => d.to_node === "(exit)" && d.from_node !== "purchase").sort((a, b) => Number(b.sessions) - Number(a.sessions))[0];
  const text = async (id: string) => (await page.locator(`#${id}`).textContent())?.trim();
  expect(await text("journeys-sessions")).toBe(integer(summary.sessions));
  expect(await text("journeys-distinct-paths")).toBe(integer(summary.distinct_paths));
  expect(await text("journeys-conversion")).toBe(percent(summary.conversion_rate));
  expect(await text("journeys-top-path-share")).toBe(percent(paths[0].share));
  expect(await text("journeys-top-exit-share")).toBe(percent(Number(topExit.sessions) / Number(summary.sessions)));
  expect(Number(await text("journeys-median-steps"))).toBe(summary.median_steps);
  // After dropping out: the step most sessions end at, the share followed by another session.
  const afterExit = await martRows("journey_after_exit");
  const ended = new Map<string, number>();
  for (const d of afterExit) ended.set(String(d.exit_step), (ended.get(String(d.exit_step)) ?? 0) + Number(d.sessions));
  const [biggest, total] = [...ended].sort((a, b) => b[1] - a[1])[0];
  const back = afterExit.filter((d) => d.exit_step === biggest && d.next_step !== "(no return)");
  const returned = back.reduce((sum, d) => sum + Number(d.sessions), 0);
  expect(await text("journeys-exit-returned")).toBe(percent(returned / total));
  expect(await text("journeys-exit-next-purchase")).toBe(percent(back.reduce((sum, d) => sum + Number(d.next_session_purchases), 0) / returned));
});

test("the flow chart has a node per (step, event) and a band per flow", async () => {
  const flows = await martRows("journey_flows");
  const nodes = new Set(flows.flatMap((d) => [`${d.step_index}:${d.from_node}`, `${Number(d.step_index) + 1}:${d.to_node}`]));
  expect(await page.locator("svg.journey-sankey .sankey-link").count()).toBe(flows.length);
  const drawn = await page.locator("svg.journey-sankey .sankey-node").evaluateAll((els) => els.map((el) => el.getAttribute("data-node")));
  expect(new Set(drawn)).toEqual(nodes);
  expect(drawn.length).toBe(nodes.size);
  // Dark mode: labels are drawn in the page's (light) text colour.
  const color = await page.locator("svg.journey-sankey text").first().evaluate((el) => getComputedStyle(el).fill);
  const [r, g, b] = color.match(/\d+/g)!.map(Number);
  expect((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255).toBeGreaterThan(0.6);
});

test("the path table and its CSV download hold journey_paths", async () => {
  const paths = await martRows("journey_paths");
  expect(await page.locator("table").first().locator("tbody tr").count()).toBe(paths.length);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.download").click()]);
  const csv = csvParse(readFileSync((await download.path())!, "utf8"));
  expect(csv.map((d) => [d.path, Number(d.sessions)]).sort()).toEqual(paths.map((d) => [d.path, d.sessions]).sort());
});

test("no console error, no request off 127.0.0.1, no wider than a 390 px screen", async () => {
  expect(log.errors).toEqual([]);
  expect(log.external).toEqual([]);
  expect(log.failed).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("showing fewer steps folds what goes on into (more steps), with the same sessions", async () => {
  const flows = await martRows("journey_flows");
  const expected = new Map<string, number>();
  for (const d of flows.filter((d) => Number(d.step_index) <= 3)) {
    const to = Number(d.step_index) === 3 && d.to_node !== "(exit)" ? "(more steps)" : String(d.to_node);
    const key = `${d.step_index}:${d.from_node}->${to}`;
    expected.set(key, (expected.get(key) ?? 0) + Number(d.sessions));
  }
  await page.locator("input[type=number]").first().fill("3");
  await page.locator("input[type=number]").first().dispatchEvent("input");
  await page.waitForFunction((n) => document.querySelectorAll("svg.journey-sankey .sankey-link").length === n, expected.size, { timeout: 10_000 });
  const titles = await page.locator("svg.journey-sankey .sankey-link title").allTextContents();
  const drawn = new Map(titles.map((t) => {
    const [head, count] = t.split("\n");
    const [, step, from, to] = head.match(/^Step (\d+): (.+) → (.+)$/)!;
    return [`${step}:${from}->${to}`, Number(count.replace(/[^\d]/g, ""))];
  }));
  expect(drawn).toEqual(expected);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(log.errors).toEqual([]);
});
