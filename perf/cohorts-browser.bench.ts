// npm run bench:cohorts-browser (after npm run build): every control of the cohorts page in Chromium on
// the built site (default store), median of repeated runs. A control "answers" when the page has
// drawn its result: the time from the click to the last change of the page before it stays still
// for 600 ms with no computation announced in the status line. Also reported: the longest task that
// held the main thread meanwhile (PerformanceObserver "longtask"), i.e. how long the page was
// frozen. Every grain's view is the build's matrix (DuckDB-wasm loads only for the check in the
// browser and a fine grain's CSV), so the warm-up, the visit's very first change of grain (ISO
// week), is reported too. The first run (each grain and source fetched for the first time) is
// reported apart from the median of the later ones (a grain already seen). A measurement, not a
// timed test.
import type { Server } from "node:http";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../scripts/serve-dist.ts";
import { launchBrowser, waitForRender } from "../test/e2e/browser.ts";
import { median } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
const log = (line: string) => process.stderr.write(`${line}\n`);
const server: Server = await serveDirectory(join(projectRoot, "dist"));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const browser = await launchBrowser();
const page = await browser.newPage();
page.on("pageerror", (error) => log(`page error: ${error.message}`));
await page.goto(`${base}/engagement/cohorts`);
await waitForRender(page);
await page.evaluate(() => {
  const w = window as unknown as { __last: number; __longest: number };
  w.__last = performance.now();
  w.__longest = 0;
  new MutationObserver(() => (w.__last = performance.now())).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
  }).observe({ type: "longtask" });
});

interface Timing { answerMs: number; longestTaskMs: number; queryMs: number | null }

/** Runs `act`, then waits until the page is still and its status announces no computation. */
async function time(act: (page: Page) => Promise<void>): Promise<Timing> {
  await page.evaluate(() => {
    const w = window as unknown as { __t0: number; __longest: number; __last: number };
    w.__t0 = performance.now();
    w.__last = w.__t0;
    w.__longest = 0;
  });
  await act(page);
  await page.waitForFunction(() => {
    const w = window as unknown as { __last: number };
    const status = document.querySelector("#recompute-status")?.textContent ?? "";
    return !/Computing|loading|Loading/.test(status) && performance.now() - w.__last > 600;
  }, undefined, { timeout: 180_000, polling: 50 });
  return page.evaluate(() => {
    const w = window as unknown as { __t0: number; __longest: number; __last: number };
    // The status line states the query's own time when the browser computed the matrix.
    const match = /with DuckDB from [^.]* in ([\d,]+) ms/.exec(document.querySelector("#recompute-status")?.textContent ?? "");
    return { answerMs: w.__last - w.__t0, longestTaskMs: w.__longest, queryMs: match ? Number(match[1].replaceAll(",", "")) : null };
  });
}

const click = (text: string) => async (p: Page) => p.locator(`label:has-text("${text}")`).first().click();
const setPeriods = (value: number) => async (p: Page) => p.locator('form:has(input[type="range"]) input[type="number"]').first().fill(String(value));
const hasVisitors = (await page.locator('label:has-text("Visitors")').count()) > 0;

log("cohorts-browser: warm-up (the visit's first change of grain: ISO week)");
const warm = await time(click("ISO week"));
log(`  warm-up ${Math.round(warm.answerMs)} ms (longest task ${Math.round(warm.longestTaskMs)} ms)`);
await time(click("Calendar month"));

// Each run visits every control once, the fine grains first: the day grain is the heavy case.
const steps: [string, (p: Page) => Promise<void>][] = [
  ["grain: day", click("Day")],
  ["mode: active in k or later (day)", click("or later")],
  ["mode: active in k (day)", click("in period k")],
  ["periods shown: 14 (day)", setPeriods(14)],
  ["periods shown: 30 (day)", setPeriods(30)],
  ...(hasVisitors ? [["active: visitors (day)", click("Visitors")], ["active: purchasers (day)", click("Purchasers")]] as [string, (p: Page) => Promise<void>][] : []),
  ["grain: week", click("ISO week")],
  ["grain: month", click("Calendar month")],
];
const results = new Map<string, Timing[]>(steps.map(([name]) => [name, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, act] of steps) {
    const timing = await time(act);
    results.get(name)!.push(timing);
    log(`  run ${run + 1}/${runs} ${name}: ${Math.round(timing.answerMs)} ms (longest task ${Math.round(timing.longestTaskMs)} ms${timing.queryMs === null ? "" : `, query ${timing.queryMs} ms`})`);
  }
}
const ms = (value: number) => String(Math.round(value)).padStart(6);
const lines = [...results].map(([name, [first, ...later]]) => {
  const answer = later.length ? median(later.map((t) => t.answerMs)) : first.answerMs;
  const longest = later.length ? median(later.map((t) => t.longestTaskMs)) : first.longestTaskMs;
  return `  ${name.padEnd(34)} first ${ms(first.answerMs)} ms (longest task ${ms(first.longestTaskMs)} ms${first.queryMs === null ? "" : `, query ${first.queryMs} ms`}) | again: answers in ${ms(answer)} ms, longest task ${ms(longest)} ms${Math.max(answer, first.answerMs) > 1000 ? "  (over 1 s)" : ""}`;
});
const slowest = Math.max(warm.answerMs, ...[...results.values()].flatMap(([first, ...later]) => [first.answerMs, later.length ? median(later.map((t) => t.answerMs)) : 0]));
console.log(`\nCohorts page controls in Chromium, default store; the visit's first change of grain (ISO week) ${Math.round(warm.answerMs)} ms; first run, then the median of ${runs - 1} more; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores:\n${lines.join("\n")}\n` +
  `slowest control: ${Math.round(slowest)} ms (target at most 1,000 ms: ${slowest <= 1000 ? "met" : "NOT met"})`);
await browser.close();
server.close();
