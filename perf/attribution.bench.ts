// npm run bench:attribution: how long the attribution models (touches, conversions, journeys, the
// six heuristic models, Markov, Shapley and the marts the page reads) take inside a whole cold
// pipeline run, on a generated store of about 5M order lines whose web events are scaled up with
// it. Each run is a fresh process building everything from the raw files, models one at a time,
// so their times add up to the run's; the attribution share is read from that same run's
// per-model timings. Markov and Shapley are reported on their own lines. int_web_sessions (the
// sessions with their channel) is shared with the funnels and reported apart. Their data tests
// and Parquet exports are timed afterwards on the built warehouse. Medians of --runs runs.
//   npm run bench:attribution -- [--runs 3] [--order-lines 5000000] [--config path]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../data-loaders/pipeline/config.ts";
import { openDatabase, queryValue } from "../data-loaders/pipeline/duckdb.ts";
import { planModels } from "../data-loaders/pipeline/plan.ts";
import { findModels, findSeeds } from "../data-loaders/pipeline/project.ts";
import { coldPipelineRuns, scaledStoreConfig, timeTestsAndExports } from "./report-bench.ts";
import { fmt, median } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "order-lines": { type: "string", default: "5000000" }, config: { type: "string" } } });
const runs = Number(values.runs);

const work = mkdtempSync(join(tmpdir(), "bench-attribution-"));
const configPath = values.config ?? scaledStoreConfig(work, "bench-attribution", Number(values["order-lines"]));
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

const { timings, lastCache } = coldPipelineRuns("bench-attribution", configPath, work, runs);

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
const timed = await timeTestsAndExports(connection, attribution, published, runs, work);
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
console.log(`  their ${timed.tests} data tests: ${fmt(timed.testMs)}; Parquet export of the ${published.length} marts: ${fmt(timed.exportMs)} (on the built warehouse)`);

rmSync(work, { recursive: true, force: true });
