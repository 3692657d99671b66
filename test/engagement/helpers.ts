// Shared by the engagement tests: a temp project running the real models on the fixtures, and
// a comparison that lists every disagreement instead of stopping at the first.
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { join } from "node:path";

import { queryWarehouse, readParquet, tempProject, type TempProject } from "../helpers/temp-project.ts";
import { eventsCsv, eventsFixture, orderLinesCsv, orderLinesFixture } from "./fixtures.ts";

export const fixtureConfig = (window = 28) =>
  `name: test\nsources:\n  order_lines:\n    path: lines.csv\n    preset: uci_online_retail\n  events:\n    path: events.csv\nvars:\n  snapshot_date: null\n  mau_window_days: ${window}\n`;

type Rows = Promise<Record<string, unknown>[]>;
export type EngagementProject = TempProject & {
  /** `sql` over the mart's Parquet file, as the site reads it (money as DOUBLE), named t. */
  query: (mart: string, sql: string) => Rows;
  /** `sql` over the warehouse table of the same name (money as exact DECIMAL), named t. */
  exact: (table: string, sql: string) => Rows;
};

/** Marts are published with money as DOUBLE; the exact DECIMAL values stay in the warehouse. */
export async function warehouseQuery(cacheDir: string, table: string, sql: string): Rows {
  return queryWarehouse(cacheDir, `with t as (select * from "${table}") ${sql}`);
}

function withQueries(project: TempProject): EngagementProject {
  const cache = join(project.root, ".cache");
  return { ...project, query: (mart, sql) => readParquet(martFile(cache, mart), sql), exact: (table, sql) => warehouseQuery(cache, table, sql) };
}

export async function fixtureProject(window = 28): Promise<EngagementProject> {
  const project = tempProject({
    "analytics.config.yml": fixtureConfig(window),
    "lines.csv": orderLinesCsv(orderLinesFixture()),
    "events.csv": eventsCsv(eventsFixture()),
  });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
  const failures = summary.tests.filter((t) => t.status === "fail").map((t) => t.test.id);
  if (summary.failed) throw new Error(`pipeline failed on the fixtures: ${failures.join(", ") || summary.log.join("\n")}`);
  return withQueries(project);
}

export async function runOn(files: Record<string, string>): Promise<EngagementProject> {
  const project = tempProject(files);
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
  if (summary.failed) throw new Error(`pipeline failed: ${summary.tests.filter((t) => t.status === "fail").map((t) => t.test.id).join(", ") || summary.log.join("\n")}`);
  return withQueries(project);
}

/** Integer hundredths as DuckDB prints a DECIMAL(18,4). */
export const decimal4 = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}00`;

/**
 * Compares rows by key. Numbers compare within `tolerance` (absolute), everything else exactly.
 * Returns readable disagreements; an empty list means the two computations agree everywhere.
 */
export function disagreements(actual: Record<string, unknown>[], expected: Record<string, unknown>[], key: string[], tolerance = 0): string[] {
  const id = (row: Record<string, unknown>) => key.map((k) => String(row[k])).join("|");
  const byKey = new Map(actual.map((row) => [id(row), row]));
  const problems: string[] = [];
  if (actual.length !== expected.length) problems.push(`row count: mart ${actual.length}, reference ${expected.length}`);
  for (const want of expected) {
    const got = byKey.get(id(want));
    if (!got) {
      problems.push(`${id(want)}: missing from the mart`);
      continue;
    }
    for (const [column, value] of Object.entries(want)) {
      const have = typeof got[column] === "bigint" ? Number(got[column]) : got[column];
      const same = typeof value === "number" && typeof have === "number"
        ? Math.abs(value - have) <= tolerance || (Number.isNaN(value) && Number.isNaN(have))
        : value === have;
      if (!same) problems.push(`${id(want)} ${column}: mart ${String(have)}, reference ${String(value)}`);
    }
  }
  return problems.slice(0, 20);
}
