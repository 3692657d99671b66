// npm run bench:funnels: how long the funnel models (funnel_events, int_funnel_attempts and the
// funnel_* marts) take inside a whole cold pipeline run on a generated store of about 5M order lines
// (~8.6M events). Each run is a fresh process building everything from the raw files with models one
// by one, so per-model times add up; the funnel share is read from that same run. Medians of --runs.
// With --side-by-side N, then N pairs of cold runs as `npm run build` runs models (side by side):
// the whole pipeline against every other model without the funnels and journeys, which is what
// they add to a user's build. int_funnel_attempts works in JavaScript on one core, so beside other
// models it could cost less than alone; on this 2-core machine at 5M order lines it did not (the
// whole pipeline 132.7-143.3 s side by side against 136.6 s one model at a time). Off by default:
// each pair is two more cold runs, and single runs here vary by up to 25%.
//   npm run bench:funnels -- [--runs 3] [--side-by-side 0] [--order-lines 5000000] [--config path]
// The browser recomputation is measured by perf/funnels-browser.bench.ts (after a build).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../data-loaders/pipeline/config.ts";
import { openDatabase, queryValue } from "../data-loaders/pipeline/duckdb.ts";
import { planModels } from "../data-loaders/pipeline/plan.ts";
import { findModels, findSeeds } from "../data-loaders/pipeline/project.ts";
import { type ColdRun, coldPipelineRuns, scaledStoreConfig, timeTestsAndExports, withAndWithoutRuns } from "./report-bench.ts";
import { fmt, median } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "side-by-side": { type: "string", default: "0" }, "order-lines": { type: "string", default: "5000000" }, config: { type: "string" } } });
const runs = Number(values.runs);
const funnelModels = ["funnel_sessions", "funnel_events", "funnel_experiment_variants", "int_funnel_attempts", "funnel_definitions", "funnel_steps", "funnel_breakdown_tests", "funnel_time_to_convert", "funnel_trend_weekly", "funnel_dropoffs"];
// The journeys (page Product → Journeys), reported beside the funnels as issue 11 asks ("the funnel and journey
// marts ... beside the whole pipeline"); its target, at most 15%, names the funnels' share ("funnels add").
const journeyModels = ["int_web_journeys", "journey_paths", "journey_path_lengths", "journey_flows", "journey_after_exit", "journey_summary"];
// The events with their session key, which sessions (and so attribution) read too: shown, counted in neither.
const sharedModels = ["int_web_events_sessionized"];

const work = mkdtempSync(join(tmpdir(), "bench-funnels-"));
const configPath = values.config ?? scaledStoreConfig(work, "bench-funnels", Number(values["order-lines"]));
const config = loadConfig({ configPath });
const { timings, lastCache } = coldPipelineRuns("bench-funnels", configPath, work, runs, (run) => `, funnels ${fmt(funnelModels.reduce((s, n) => s + (run.steps.get(n) ?? 0), 0))}`);

const { instance, connection } = await openDatabase(join(lastCache, "warehouse.duckdb"));
const events = Number(await queryValue(connection, "select count(*) from src_events"));
const orderLines = Number(await queryValue(connection, "select count(*) from src_order_lines"));
const attempts = Number(await queryValue(connection, "select count(*) from int_funnel_attempts"));
// The funnel marts' data tests and Parquet exports (part of the pipeline's time, not of the model
// steps), timed on the warehouse the last run built.
const exported = funnelModels.filter((m) => m.startsWith("funnel_"));
const timed = await timeTestsAndExports(connection, funnelModels, exported, runs, work);
const journeyMarts = journeyModels.filter((m) => m.startsWith("journey_"));
const journeyTimed = await timeTestsAndExports(connection, journeyModels, journeyMarts, runs, work);
connection.closeSync();
instance.closeSync();

const pipelineMs = median(timings.map((t) => t.inner));
const modelsMs = median(timings.map((t) => funnelModels.reduce((s, n) => s + (t.steps.get(n) ?? 0), 0)));
const funnelsMs = modelsMs + timed.testMs + timed.exportMs;
const journeyModelsMs = median(timings.map((t) => journeyModels.reduce((s, n) => s + (t.steps.get(n) ?? 0), 0)));
const journeysMs = journeyModelsMs + journeyTimed.testMs + journeyTimed.exportMs;
const bothMs = funnelsMs + journeysMs;
const n = (v: number) => v.toLocaleString("en-US");
console.log(`\nFunnel models, ${config.name}: ${n(orderLines)} order lines, ${n(events)} events, ${n(attempts)} counted attempts; median of ${runs} cold runs`);
console.log(`  whole pipeline: ${fmt(pipelineMs)} in-process, ${fmt(median(timings.map((t) => t.wall)))} wall, peak RSS ${Math.round(Math.max(...timings.map((t) => t.rss)))} MB`);
console.log(`  funnel models ${fmt(modelsMs)}, their ${timed.tests} data tests ${fmt(timed.testMs)}, Parquet export of ${exported.length} marts ${fmt(timed.exportMs)}`);
console.log(`  funnels in all: ${fmt(funnelsMs)} = ${((100 * funnelsMs) / pipelineMs).toFixed(1)}% of the pipeline; without them the pipeline takes ${fmt(pipelineMs - funnelsMs)}, so funnels add ${((100 * funnelsMs) / (pipelineMs - funnelsMs)).toFixed(1)}% (target: at most 15%)`);
console.log(`  journey models ${fmt(journeyModelsMs)}, their ${journeyTimed.tests} data tests ${fmt(journeyTimed.testMs)}, Parquet export of ${journeyMarts.length} marts ${fmt(journeyTimed.exportMs)}`);
console.log(`  funnels and journeys together: ${fmt(bothMs)}; without them the pipeline takes ${fmt(pipelineMs - bothMs)}, so they add ${((100 * bothMs) / (pipelineMs - bothMs)).toFixed(1)}%`);
// CPU time is steadier than wall time on a shared machine: the same share over the models' CPU.
const cpuOf = (t: ColdRun, names: string[]) => names.reduce((s, n) => s + (t.cpuSteps.get(n) ?? 0), 0);
const allCpu = median(timings.map((t) => [...t.cpuSteps.values()].reduce((s, v) => s + v, 0)));
const bothCpu = median(timings.map((t) => cpuOf(t, [...funnelModels, ...journeyModels])));
console.log(`  in CPU time, models only: funnels and journeys ${fmt(bothCpu)} of ${fmt(allCpu)} for all models, so they add ${((100 * bothCpu) / (allCpu - bothCpu)).toFixed(1)}% to the other models' CPU`);
console.log(`    ${"model".padEnd(26)}${"wall".padStart(9)}${"CPU".padStart(9)}`);
for (const name of [...funnelModels, ...journeyModels, ...sharedModels]) console.log(`    ${name.padEnd(26)}${fmt(median(timings.map((t) => t.steps.get(name) ?? 0))).padStart(9)}${fmt(median(timings.map((t) => t.cpuSteps.get(name) ?? 0))).padStart(9)}`);

const pairs = Number(values["side-by-side"]);
if (pairs > 0) {
  const { instance: planDb, connection: planConnection } = await openDatabase();
  const plan = await planModels(planConnection, findModels(), findSeeds());
  planConnection.closeSync();
  planDb.closeSync();
  const group = [...funnelModels, ...journeyModels];
  const others = plan.map((m) => m.name).filter((n) => !group.includes(n));
  const { whole, without } = withAndWithoutRuns("bench-funnels", configPath, work, pairs, others, group);
  const wholeMs = median(whole.map((t) => t.inner));
  const withoutMs = median(without.map((t) => t.inner));
  console.log(`\n  side by side (models built as npm run build builds them), median of ${pairs} pairs of cold runs:`);
  console.log(`    whole pipeline ${fmt(wholeMs)} (${whole.map((t) => fmt(t.inner)).join(", ")}), peak RSS ${Math.round(Math.max(...whole.map((t) => t.rss)))} MB`);
  console.log(`    without the funnels and journeys ${fmt(withoutMs)} (${without.map((t) => fmt(t.inner)).join(", ")})`);
  console.log(`    funnels and journeys add ${fmt(wholeMs - withoutMs)} = ${((100 * (wholeMs - withoutMs)) / withoutMs).toFixed(1)}%`);
}
rmSync(work, { recursive: true, force: true });
