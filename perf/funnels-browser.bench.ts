// npm run bench:funnels-browser (after npm run build): the funnel recomputed in Chromium (chains in JavaScript, then duckdb-wasm)
// on the default store. Each measured change reads the time the page reports (from the query's start
// to its step rows; DuckDB and the events are loaded by a warm-up first, so the runs time the
// recomputation alone). Two kinds of change, reported apart, medians (a measurement, not a timed test):
// - window, breakdown or entry days: answered from the chains the page keeps for the order mode
//   (--runs changes, cycling through windows and breakdowns);
// - an order mode not seen before: that mode's chains are found first (every funnel, both other modes).
import type { Server } from "node:http";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../scripts/serve-dist.ts";
import { changeAndWaitForText, launchBrowser, pickOption, waitForRender } from "../test/e2e/browser.ts";
import { median } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
const runs = Number(values.runs);
const server: Server = await serveDirectory(join(projectRoot, "dist"));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const browser = await launchBrowser();
const page: Page = await browser.newPage();
await page.goto(`${base}/funnels/`);
await waitForRender(page);

/** Makes a change on the page and returns the recomputation time it reports, and whether chains were found for it. */
async function recompute(change: () => Promise<unknown>): Promise<{ ms: number; chains: boolean }> {
  const text = await changeAndWaitForText(page, "#funnel-status", change, /Recomputed in your browser in \d+ ms/);
  if (process.env.DEBUG) process.stderr.write(`    status: ${text}\n`);
  return { ms: Number(/in (\d+) ms/.exec(text)![1]), chains: text.includes("finding the steps") };
}
// One input event per change, as a reader's pick makes (pickOption).
const select = (label: string, value: string) => () => pickOption(page, label, value);

process.stderr.write("funnels-browser: warm-up (loads DuckDB-wasm and the events, finds the first funnel's chains)\n");
const first = await recompute(() => page.getByLabel("Recompute in my browser").check());
const funnels = await page.getByLabel("Funnel", { exact: true }).evaluate((s: HTMLSelectElement) => [...s.options].map((o) => o.textContent!));

// Changes answered from the kept chains: another window or breakdown of the same order mode.
const kept: number[] = [];
const windows = ["30 minutes", "1 hour", "1 day", "30 days"];
const breakdowns = ["device_category", "channel", "(none)"];
for (let i = 0; i < runs; i++) {
  const change = i % 2 === 0 ? select("Window", windows[(i / 2) % windows.length]) : select("Breakdown", breakdowns[((i - 1) / 2) % breakdowns.length]);
  const r = await recompute(change);
  if (r.chains) throw new Error(`run ${i + 1} found chains again: the page did not keep them`);
  kept.push(r.ms);
  process.stderr.write(`  kept chains, run ${i + 1}/${runs}: ${r.ms} ms\n`);
}

// An order mode not seen before, in every funnel: its chains are found, then counted.
const fresh: number[] = [];
for (const funnel of funnels) {
  // Another funnel is recomputed at once (the reader asked for the browser): wait for it to settle.
  const current = await page.getByLabel("Funnel", { exact: true }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent);
  if (current !== funnel) await changeAndWaitForText(page, "#funnel-status", select("Funnel", funnel), /^(Recomputed|Computed)/);
  await waitForRender(page);
  // The select's values are indices: its shown text is the mode.
  const own = await page.getByLabel("Order", { exact: true }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent);
  for (const mode of ["sequential", "strict", "any"].filter((m) => m !== own)) {
    const r = await recompute(select("Order", mode));
    fresh.push(r.ms);
    process.stderr.write(`  ${funnel}, ${mode} (chains found: ${r.chains}): ${r.ms} ms\n`);
  }
}
const summary = (ms: number[]) => `median ${median(ms)} ms of ${ms.length} (min ${Math.min(...ms)}, max ${Math.max(...ms)})`;
console.log(`\nFunnel recomputation in Chromium (duckdb-wasm), default store:`);
console.log(`  window or breakdown changed (the order mode's chains kept): ${summary(kept)}   (target <= 300 ms, issue 11)`);
console.log(`  order mode changed (that mode's chains found first): ${summary(fresh)}`);
console.log(`  first recomputation, DuckDB and the events loaded before it: ${first.ms} ms`);
await browser.close();
server.close();
