// npm run bench:funnels-browser (after npm run build): the funnel recomputed in Chromium by duckdb-wasm
// on the default store, median of 10. Each run changes the order mode on the funnels page and reads
// the time the page reports (from the query's start to its rows: DuckDB is loaded by a warm-up run
// first, so the runs time the recomputation alone). A measurement, not a timed test.
import type { Server } from "node:http";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../scripts/serve-dist.ts";
import { launchBrowser, waitForRender } from "../test/e2e/browser.ts";
import { median } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
const runs = Number(values.runs);
const server: Server = await serveDirectory(join(projectRoot, "dist"));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const browser = await launchBrowser();
const page = await browser.newPage();
await page.goto(`${base}/funnels/`);
await waitForRender(page);

const order = page.getByLabel("Order");
const modes = ["any", "strict"];
async function recompute(mode: string): Promise<number> {
  await page.evaluate(() => document.querySelector("#funnel-status")!.setAttribute("data-seen", document.querySelector("#funnel-status")!.textContent ?? ""));
  await order.selectOption(mode);
  await page.waitForFunction(() => {
    const status = document.querySelector("#funnel-status");
    return status && /Recomputed in your browser with DuckDB in \d+ ms/.test(status.textContent ?? "") && status.textContent !== status.getAttribute("data-seen");
  }, undefined, { timeout: 120_000 });
  const text = (await page.locator("#funnel-status").textContent())!;
  return Number(/in (\d+) ms/.exec(text)![1]);
}

process.stderr.write("funnels-browser: warm-up (loads DuckDB-wasm and funnel_events)\n");
const firstMs = await recompute("strict");
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  // Alternate between two modes other than the default, so that every run is a change the page recomputes.
  times.push(await recompute(modes[i % 2]));
  process.stderr.write(`  run ${i + 1}/${runs}: ${times[i]} ms\n`);
}
console.log(`\nFunnel recomputation in Chromium (duckdb-wasm), default store, first funnel: median ${median(times)} ms of ${runs} (min ${Math.min(...times)}, max ${Math.max(...times)}); first run with DuckDB and the events loading: ${firstMs} ms`);
await browser.close();
server.close();
