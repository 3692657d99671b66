// npm run bench:attribution: how long the attribution models (touches, conversions, journeys, the
// six heuristic models, Markov, Shapley and the marts the page reads) take inside a whole cold
// pipeline run, on a generated store of about 5M order lines whose web events are scaled up with
// it. Each run is a fresh process building everything from the raw files, models one at a time,
// so their times add up to the run's; the attribution share is read from that same run's
// per-model timings. Markov and Shapley are reported on their own lines. int_web_sessions (the
// sessions with their channel) is shared with the funnels and reported apart. Their data tests
// and Parquet exports are timed afterwards on the built warehouse. Medians of --runs runs.
//   npm run bench:attribution -- [--runs 3] [--order-lines 5000000] [--config path]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse, stringify } from "yaml";
import { loadConfig } from "../data-loaders/pipeline/config.ts";
import { ident, literal, openDatabase, queryValue } from "../data-loaders/pipeline/duckdb.ts";
import { defaultConfigPath } from "../data-loaders/pipeline/paths.ts";
import { planModels } from "../data-loaders/pipeline/plan.ts";
import { findModels, findSeeds, findSpecFiles } from "../data-loaders/pipeline/project.ts";
import { failingRowsSql } from "../data-loaders/testing/compile.ts";
import { readSpecs } from "../data-loaders/testing/specs.ts";
import { fmt, measure, median } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "order-lines": { type: "string", default: "5000000" }, config: { type: "string" } } });
const runs = Number(values.runs);

const work = mkdtempSync(join(tmpdir(), "bench-attribution-"));
const configPath = values.config ?? generatedStoreConfig(Number(values["order-lines"]));
const config = loadConfig({ configPath });

const { instance: planDb, connection: planConnection } = await openDatabase();
const plan = await planModels(planConnection, findModels(), findSeeds());
planConnection.closeSync();
planDb.closeSync();
const attribution = plan.map((m) => m.name).filter((n) => /^(stg_|int_)?attribution/.test(n));
const published = attribution.filter((n) => n.startsWith("attribution_"));
const groups: Record<string, string[]> = {
  "touches, conversions, journeys": attribution.filter((n) => /touches|conversions|journeys|stg_/.test(n) && !/credits/.test(n)),
  "six heuristic models": ["int_attribution_heuristic_credits"],
  "Markov chain": ["int_attribution_markov_credits"],
  "Shapley values": ["int_attribution_shapley_credits"],
};
groups["marts for the page"] = attribution.filter((n) => !Object.values(groups).flat().includes(n));
const sharedSessions = "int_web_sessions";

// Models one at a time: built side by side, their times overlap and would not add up to the run's.
const sequential = { BENCH_MODEL_CONCURRENCY: "1" };

interface RunLog {
  ms: number;
  steps: { name: string; status: string; rows?: number; ms: number }[];
}

process.stderr.write(`bench-attribution: warm-up run (generates the store if needed) in ${work}\n`);
measure(["pipeline", configPath, join(work, "warmup")], sequential);
rmSync(join(work, "warmup"), { recursive: true, force: true });
const timings: { wall: number; inner: number; rss: number; steps: Map<string, number> }[] = [];
let lastCache = "";
for (let i = 0; i < runs; i++) {
  const cacheDir = join(work, `run-${i}`);
  const m = measure(["pipeline", configPath, cacheDir], sequential);
  const log = JSON.parse(readFileSync(join(cacheDir, "last-run.json"), "utf8")) as RunLog;
  timings.push({ wall: m.wallMs, inner: log.ms, rss: m.maxRssMb, steps: new Map(log.steps.map((s) => [s.name, s.ms])) });
  process.stderr.write(`  run ${i + 1}/${runs}: pipeline ${fmt(log.ms)}\n`);
  if (lastCache) rmSync(lastCache, { recursive: true, force: true });
  lastCache = cacheDir;
}

const { instance, connection } = await openDatabase(join(lastCache, "warehouse.duckdb"));
const count = async (sql: string) => Number(await queryValue(connection, sql));
const sizes = {
  orderLines: await count("select count(*) from src_order_lines"),
  events: await count("select count(*) from src_events"),
  sessions: await count("select count(*) from int_web_sessions"),
  journeys: await count("select count(*) from attribution_journeys"),
  conversions: await count("select sum(conversions) from attribution_journeys"),
  touches: await count("select count(*) from attribution_journey_touches"),
  paths: await count("select count(*) from attribution_path_groups"),
};
const tests = readSpecs(findSpecFiles()).tests.filter((t) => attribution.includes(t.relation));
const testMs: number[] = [];
const exportMs: number[] = [];
for (let i = 0; i < runs; i++) {
  let started = performance.now();
  for (const test of tests) await connection.run(`SELECT count(*) FROM (${failingRowsSql(test)})`);
  testMs.push(performance.now() - started);
  started = performance.now();
  for (const mart of published) {
    await connection.run(`COPY (SELECT * FROM ${ident(mart)} ORDER BY ALL) TO ${literal(join(work, `${mart}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
  }
  exportMs.push(performance.now() - started);
}
connection.closeSync();
instance.closeSync();

const stepMedian = (name: string) => median(timings.map((t) => t.steps.get(name) ?? 0));
const pipelineMs = median(timings.map((t) => t.inner));
const attributionMs = median(timings.map((t) => attribution.reduce((sum, n) => sum + (t.steps.get(n) ?? 0), 0)));
const n = (v: number) => v.toLocaleString("en-US");
const share = (ms: number) => `${((100 * ms) / pipelineMs).toFixed(1)}%`;

console.log(`\nAttribution models, ${config.name}: ${n(sizes.orderLines)} order lines and ${n(sizes.events)} events, median of ${runs} cold pipeline runs`);
console.log(`  ${n(sizes.sessions)} sessions; ${n(sizes.journeys)} journeys (${n(sizes.conversions)} conversions) with ${n(sizes.touches)} touches; ${n(sizes.paths)} distinct paths`);
console.log(`  whole pipeline (raw files to tested Parquet marts): ${fmt(pipelineMs)} in-process, ${fmt(median(timings.map((t) => t.wall)))} wall, peak RSS ${Math.round(Math.max(...timings.map((t) => t.rss)))} MB`);
console.log(`  attribution models: ${fmt(attributionMs)} = ${share(attributionMs)} of the pipeline (target: at most 20%)`);
for (const [group, names] of Object.entries(groups)) {
  const ms = median(timings.map((t) => names.reduce((sum, name) => sum + (t.steps.get(name) ?? 0), 0)));
  console.log(`    ${group.padEnd(32)}${fmt(ms).padStart(9)}  ${share(ms).padStart(6)}   ${names.map((name) => `${name} ${fmt(stepMedian(name))}`).join(", ")}`);
}
console.log(`  ${sharedSessions} (shared with funnels, not counted): ${fmt(stepMedian(sharedSessions))} = ${share(stepMedian(sharedSessions))}`);
console.log(`  their ${tests.length} data tests: ${fmt(median(testMs))}; Parquet export of the ${published.length} marts: ${fmt(median(exportMs))} (on the built warehouse)`);

rmSync(work, { recursive: true, force: true });

/** The default config, with the generated store scaled to about `orderLines` lines in the bench folder. */
function generatedStoreConfig(orderLines: number): string {
  const raw = parse(readFileSync(defaultConfigPath, "utf8")) as Record<string, any>;
  const out = join(work, "store");
  raw.name = `bench-attribution-${orderLines}`;
  raw.generate = { ...raw.generate, out, order_lines: orderLines };
  for (const source of Object.values(raw.sources ?? {}) as { path: string }[]) source.path = join(out, source.path.split("/").pop()!);
  const path = join(work, "bench.config.yml");
  writeFileSync(path, stringify(raw));
  return path;
}
