// npm run bench:engagement: how long the engagement models (active users, cohorts, lifecycle and
// the intermediate models only they use) take inside a whole cold pipeline run, on a generated
// store of about 5M order lines whose web events are scaled up with it. Each run is a fresh
// process building everything from the raw files; the engagement share is read from that same
// run's per-model timings, so the ratio compares like with like. Their data tests and Parquet
// exports are timed afterwards on the built warehouse. Medians of --runs runs.
//   npm run bench:engagement -- [--runs 3] [--order-lines 5000000] [--config path]   (--config: bench that config instead)
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

/** The marts of issue 5; the models they need that nothing else needs are counted with them. */
const engagementMarts = ["active_users_daily", "cohort_retention", "cohort_revenue", "cohort_matrix_monthly", "lifecycle_by_period", "cohort_stages", "cohort_quality", "cohort_stage_definitions", "user_activity_daily", "engagement_summary"];
const groups: Record<string, string[]> = {
  "active users": ["active_users_daily"],
  cohorts: ["cohort_retention", "cohort_revenue", "cohort_matrix_monthly", "cohort_stages", "cohort_quality", "cohort_stage_definitions"],
  lifecycle: ["lifecycle_by_period"],
  "browser table and summary": ["user_activity_daily", "engagement_summary"],
};

const work = mkdtempSync(join(tmpdir(), "bench-engagement-"));
const configPath = values.config ?? scaledStoreConfig(work, "bench-engagement", Number(values["order-lines"]));
const config = loadConfig({ configPath });

// Models counted as engagement: the marts above and every non-staging model only they read.
const seeds = findSeeds();
const { instance: planDb, connection: planConnection } = await openDatabase();
const plan = await planModels(planConnection, findModels(), seeds);
planConnection.closeSync();
planDb.closeSync();
const byName = new Map(plan.map((m) => [m.name, m]));
const upstream = (names: string[]): Set<string> => {
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n) || !byName.has(n)) return;
    seen.add(n);
    byName.get(n)!.dependsOn.forEach(visit);
  };
  names.forEach(visit);
  return seen;
};
const others = upstream(plan.filter((m) => m.layer === "marts" && !engagementMarts.includes(m.name)).map((m) => m.name));
const engagement = [...upstream(engagementMarts)].filter((n) => byName.get(n)!.layer !== "staging" && !others.has(n));
const shared = [...upstream(engagementMarts)].filter((n) => !engagement.includes(n));
groups["intermediate (engagement only)"] = engagement.filter((n) => byName.get(n)!.layer === "intermediate");

const { timings, lastCache } = coldPipelineRuns("bench-engagement", configPath, work, runs);

const { instance, connection } = await openDatabase(join(lastCache, "warehouse.duckdb"));
const count = async (sql: string) => Number(await queryValue(connection, sql));
const sizes = {
  orderLines: await count("select count(*) from src_order_lines"),
  events: await count("select count(*) from src_events"),
  purchaserDays: await count("select count(*) from int_activity_daily_unioned where source = 'purchasers'"),
  visitorDays: await count("select count(*) from int_activity_daily_unioned where source = 'visitors'"),
  purchasers: await count("select count(distinct user_id) from int_activity_daily_unioned where source = 'purchasers'"),
  visitors: await count("select count(distinct user_id) from int_activity_daily_unioned where source = 'visitors'"),
  cohortCells: await count("select count(*) from cohort_retention"),
};
// Tests and exports of the engagement marts, on the warehouse the last run built.
const timed = await timeTestsAndExports(connection, engagement, engagementMarts, runs, work);
connection.closeSync();
instance.closeSync();

const stepMedian = (name: string) => median(timings.map((t) => t.steps.get(name) ?? 0));
const pipelineMs = median(timings.map((t) => t.inner));
const engagementMs = median(timings.map((t) => engagement.reduce((sum, n) => sum + (t.steps.get(n) ?? 0), 0)));
const n = (v: number) => v.toLocaleString("en-US");
const share = (ms: number) => `${((100 * ms) / pipelineMs).toFixed(1)}%`;

console.log(`\nEngagement models, ${config.name}: ${n(sizes.orderLines)} order lines and ${n(sizes.events)} events, median of ${runs} cold pipeline runs`);
console.log(`  activity: ${n(sizes.purchasers)} purchasers on ${n(sizes.purchaserDays)} purchaser-days; ${n(sizes.visitors)} visitors on ${n(sizes.visitorDays)} visitor-days; ${n(sizes.cohortCells)} cohort cells`);
console.log(`  whole pipeline (raw files to tested Parquet marts): ${fmt(pipelineMs)} in-process, ${fmt(median(timings.map((t) => t.wall)))} wall, peak RSS ${Math.round(Math.max(...timings.map((t) => t.rss)))} MB`);
console.log(`  engagement models: ${fmt(engagementMs)} = ${share(engagementMs)} of the pipeline (ratio ${(engagementMs / pipelineMs).toFixed(3)})`);
for (const [group, names] of Object.entries(groups)) {
  const ms = median(timings.map((t) => names.reduce((sum, name) => sum + (t.steps.get(name) ?? 0), 0)));
  console.log(`    ${group.padEnd(32)}${fmt(ms).padStart(9)}  ${share(ms).padStart(6)}   ${names.map((name) => `${name} ${fmt(stepMedian(name))}`).join(", ")}`);
}
console.log(`  read from staging (shared with other reports, not counted): ${shared.filter((s) => byName.has(s)).map((s) => `${s} ${fmt(stepMedian(s))}`).join(", ")}`);
console.log(`  their ${timed.tests} data tests: ${fmt(timed.testMs)}; Parquet export of the ${engagementMarts.length} marts: ${fmt(timed.exportMs)} (on the built warehouse)`);

rmSync(work, { recursive: true, force: true });
