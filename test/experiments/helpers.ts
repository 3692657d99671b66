// Temp projects for experiment pipeline tests: the project's real models, and a seeds folder with
// the project's seeds unless a test brings its own experiment plan.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import type { Row } from "../../data-loaders/pipeline/duckdb.ts";
import { tempProject, type TempProject } from "../helpers/temp-project.ts";

/** Every experiment mart; selecting them builds their whole upstream and nothing of the order-line models. */
export const experimentMarts = ["experiment_assignment_ledger", "experiment_allocation", "experiment_results", "experiment_summary", "experiment_cumulative", "experiment_settings", "experiment_cuped", "experiment_breakdowns", "experiment_breakdown_srm"];

export function experimentProject(files: Record<string, string>, plan?: string): TempProject {
  const seeds: Record<string, string> = {};
  for (const file of readdirSync(seedsDir)) seeds[`seeds/${file}`] = readFileSync(join(seedsDir, file), "utf8");
  if (plan !== undefined) seeds["seeds/experiment_variants.csv"] = plan;
  return tempProject({ ...seeds, ...files });
}

export async function runExperiments(project: TempProject) {
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: project.seedsRoot, select: experimentMarts });
  // A model that failed (its error is in the run's log) is listed too: its tests then never run.
  const failedModels = summary.steps.filter((s) => s.status === "failed").map((s) => `${s.name}: failed`);
  const failed = summary.tests.filter((t) => t.status === "fail").map((t) => `${t.test.id}: ${t.failingRows} rows ${JSON.stringify(t.examples, (_k, v) => (typeof v === "bigint" ? Number(v) : v))}`);
  return { ...summary, failedTests: [...failedModels, ...failed] };
}

/** Rows with BigInt counts turned into numbers and timestamps into ISO strings, for toEqual. */
export function plain(rows: Row[]): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v instanceof Date ? v.toISOString() : v])));
}
