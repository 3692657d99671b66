// npm run bench:funnels: how long the funnel models (funnel_events, int_funnel_attempts and the
// funnel_* marts) take inside a whole cold pipeline run on a generated store of about 5M order lines
// (~8.6M events). Each run is a fresh process building everything from the raw files with models one
// by one, so per-model times add up; the funnel share is read from that same run. Medians of --runs.
//   npm run bench:funnels -- [--runs 3] [--order-lines 5000000] [--config path]
// The browser recomputation is measured by perf/funnels-browser.bench.ts (after a build).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse, stringify } from "yaml";
import { loadConfig } from "../data-loaders/pipeline/config.ts";
import { ident, literal, openDatabase, queryValue } from "../data-loaders/pipeline/duckdb.ts";
import { defaultConfigPath } from "../data-loaders/pipeline/paths.ts";
import { findSpecFiles } from "../data-loaders/pipeline/project.ts";
import { failingRowsSql } from "../data-loaders/testing/compile.ts";
import { readSpecs } from "../data-loaders/testing/specs.ts";
import { fmt, measure, median } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "order-lines": { type: "string", default: "5000000" }, config: { type: "string" } } });
const runs = Number(values.runs);
const funnelModels = ["funnel_events", "int_funnel_attempts", "funnel_definitions", "funnel_steps", "funnel_breakdown_tests", "funnel_time_to_convert", "funnel_trend_weekly", "funnel_dropoffs"];

const work = mkdtempSync(join(tmpdir(), "bench-funnels-"));
const configPath = values.config ?? generatedStoreConfig(Number(values["order-lines"]));
const config = loadConfig({ configPath });
const sequential = { BENCH_MODEL_CONCURRENCY: "1" };

interface RunLog {
  ms: number;
  steps: { name: string; ms: number }[];
}

process.stderr.write(`bench-funnels: warm-up run (generates the store if needed) in ${work}\n`);
measure(["pipeline", configPath, join(work, "warmup")], sequential);
rmSync(join(work, "warmup"), { recursive: true, force: true });
const timings: { inner: number; wall: number; rss: number; steps: Map<string, number> }[] = [];
let lastCache = "";
for (let i = 0; i < runs; i++) {
  const cacheDir = join(work, `run-${i}`);
  const m = measure(["pipeline", configPath, cacheDir], sequential);
  const log = JSON.parse(readFileSync(join(cacheDir, "last-run.json"), "utf8")) as RunLog;
  timings.push({ inner: log.ms, wall: m.wallMs, rss: m.maxRssMb, steps: new Map(log.steps.map((s) => [s.name, s.ms])) });
  process.stderr.write(`  run ${i + 1}/${runs}: pipeline ${fmt(log.ms)}, funnels ${fmt(funnelModels.reduce((s, n) => s + (timings[i].steps.get(n) ?? 0), 0))}\n`);
  if (lastCache) rmSync(lastCache, { recursive: true, force: true });
  lastCache = cacheDir;
}

const { instance, connection } = await openDatabase(join(lastCache, "warehouse.duckdb"));
const events = Number(await queryValue(connection, "select count(*) from src_events"));
const orderLines = Number(await queryValue(connection, "select count(*) from src_order_lines"));
const attempts = Number(await queryValue(connection, "select count(*) from int_funnel_attempts"));
// The funnel marts' data tests and Parquet exports (part of the pipeline's time, not of the model
// steps), timed on the warehouse the last run built.
const tests = readSpecs(findSpecFiles()).tests.filter((t) => funnelModels.includes(t.relation));
const exported = funnelModels.filter((m) => m.startsWith("funnel_"));
const testMs: number[] = [];
const exportMs: number[] = [];
for (let i = 0; i < runs; i++) {
  let started = performance.now();
  for (const test of tests) await connection.run(`SELECT count(*) FROM (${failingRowsSql(test)})`);
  testMs.push(performance.now() - started);
  started = performance.now();
  for (const mart of exported) await connection.run(`COPY (SELECT * FROM ${ident(mart)} ORDER BY ALL) TO ${literal(join(work, `${mart}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
  exportMs.push(performance.now() - started);
}
connection.closeSync();
instance.closeSync();

const pipelineMs = median(timings.map((t) => t.inner));
const modelsMs = median(timings.map((t) => funnelModels.reduce((s, n) => s + (t.steps.get(n) ?? 0), 0)));
const funnelsMs = modelsMs + median(testMs) + median(exportMs);
const n = (v: number) => v.toLocaleString("en-US");
console.log(`\nFunnel models, ${config.name}: ${n(orderLines)} order lines, ${n(events)} events, ${n(attempts)} counted attempts; median of ${runs} cold runs`);
console.log(`  whole pipeline: ${fmt(pipelineMs)} in-process, ${fmt(median(timings.map((t) => t.wall)))} wall, peak RSS ${Math.round(Math.max(...timings.map((t) => t.rss)))} MB`);
console.log(`  funnel models ${fmt(modelsMs)}, their ${tests.length} data tests ${fmt(median(testMs))}, Parquet export of ${exported.length} marts ${fmt(median(exportMs))}`);
console.log(`  funnels in all: ${fmt(funnelsMs)} = ${((100 * funnelsMs) / pipelineMs).toFixed(1)}% of the pipeline; without them the pipeline takes ${fmt(pipelineMs - funnelsMs)}, so funnels add ${((100 * funnelsMs) / (pipelineMs - funnelsMs)).toFixed(1)}% (target: at most 15%)`);
for (const name of funnelModels) console.log(`    ${name.padEnd(26)}${fmt(median(timings.map((t) => t.steps.get(name) ?? 0))).padStart(9)}`);
rmSync(work, { recursive: true, force: true });

/** The default config, with the generated store scaled to about `orderLines` lines in the bench folder. */
function generatedStoreConfig(lines: number): string {
  const raw = parse(readFileSync(defaultConfigPath, "utf8")) as Record<string, any>;
  const out = join(work, "store");
  raw.name = `bench-funnels-${lines}`;
  raw.generate = { ...raw.generate, out, order_lines: lines };
  for (const source of Object.values(raw.sources ?? {}) as { path: string }[]) source.path = join(out, source.path.split("/").pop()!);
  const path = join(work, "bench.config.yml");
  writeFileSync(path, stringify(raw));
  return path;
}
