// npm run bench:migration: how long the segment history (RFM scores, segment, churn status and value
// tier as of each of vars.segment_history_periods snapshots, 24 monthly by default) and the migration
// marts take inside a whole cold pipeline run on a generated store of about 5M order lines. Each run is
// a fresh process building everything, models one at a time, so the history's share is read from
// that run's per-model timings. Target: the history adds at most 25% to the rest of the pipeline.
//   npm run bench:migration -- [--runs 3] [--order-lines 5000000] [--config path]
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

const work = mkdtempSync(join(tmpdir(), "bench-migration-"));
const configPath = values.config ?? scaledStoreConfig(work, "bench-migration", Number(values["order-lines"]));
const config = loadConfig({ configPath });

const { instance: planDb, connection: planConnection } = await openDatabase();
const plan = await planModels(planConnection, findModels(), findSeeds());
planConnection.closeSync();
planDb.closeSync();
const names = plan.map((m) => m.name).filter((n) => /segment_history|segment_migration/.test(n));
const published = names.filter((n) => !n.startsWith("int_"));

const { timings, lastCache } = coldPipelineRuns("bench-migration", configPath, work, runs);

const { instance, connection } = await openDatabase(join(lastCache, "warehouse.duckdb"));
const count = async (sql: string) => Number(await queryValue(connection, sql));
const sizes = {
  orderLines: await count("select count(*) from src_order_lines"),
  customerDays: await count("select count(*) from int_customer_activity_daily"),
  customers: await count("select count(*) from customer_rfm"),
  snapshots: await count("select count(*) from int_segment_history_periods"),
  historyRows: await count("select count(*) from customer_segment_history"),
};
const timed = await timeTestsAndExports(connection, names, published, runs, work);
connection.closeSync();
instance.closeSync();

const stepMedian = (name: string) => median(timings.map((t) => t.steps.get(name) ?? 0));
const pipelineMs = median(timings.map((t) => t.inner));
const historyMs = median(timings.map((t) => names.reduce((sum, n) => sum + (t.steps.get(n) ?? 0), 0)));
const restMs = median(timings.map((t) => t.inner - names.reduce((sum, n) => sum + (t.steps.get(n) ?? 0), 0)));
const n = (v: number) => v.toLocaleString("en-US");

console.log(`\nSegment history and migration, ${config.name}: ${n(sizes.orderLines)} order lines, median of ${runs} cold pipeline runs`);
console.log(`  ${n(sizes.customers)} customers, ${n(sizes.customerDays)} customer-days, ${sizes.snapshots} snapshots (${config.vars.segment_history_grain ?? "month"}), ${n(sizes.historyRows)} customer x snapshot rows`);
console.log(`  whole pipeline (raw files to tested Parquet marts): ${fmt(pipelineMs)} in-process, ${fmt(median(timings.map((t) => t.wall)))} wall, peak RSS ${Math.round(Math.max(...timings.map((t) => t.rss)))} MB`);
console.log(`  history and migration models: ${fmt(historyMs)} = ${((100 * historyMs) / restMs).toFixed(1)}% added to the rest of the pipeline (${fmt(restMs)}; target: at most 25%), ${((100 * historyMs) / pipelineMs).toFixed(1)}% of the whole`);
for (const name of names) console.log(`    ${name.padEnd(36)}${fmt(stepMedian(name)).padStart(9)}`);
console.log(`  their ${timed.tests} data tests: ${fmt(timed.testMs)}; Parquet export of the ${published.length} marts: ${fmt(timed.exportMs)} (on the built warehouse)`);

rmSync(work, { recursive: true, force: true });
