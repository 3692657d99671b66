// A canonical column the report needs that the configured source leaves empty in every row (mapped
// to null, or a file without it): named once, with the pages built on that table, instead of as a
// cascade of failing data tests. Data tests that fail on models built from that table are set aside
// as skipped for this one reason (they would only repeat it), tests that pass still count, and the
// build goes on. The gaps are written to the source_gaps mart, which the site reads to say why its
// figures are empty.
import type { DuckDBConnection } from "@duckdb/node-api";
import { join } from "node:path";
import { canonicalTables, type CanonicalTableName } from "../sources/canonical.ts";
import { sourceTableName } from "../sources/load-source.ts";
import { findReportPages } from "../site/model-catalog.ts";
import type { TestResult } from "../testing/run-tests.ts";
import type { ProjectConfig } from "./config.ts";
import { ident, literal, queryRows } from "./duckdb.ts";
import { projectRoot } from "./paths.ts";
import type { PlannedModel } from "./plan.ts";

export const sourceGapsTable = "source_gaps";

export interface SourceGap {
  table: CanonicalTableName;
  column: string;
  /** Where the source was configured. */
  origin: string;
  /** Titles of the report pages built on the table (paths beside them). */
  pages: { path: string; title: string }[];
}

/** Essential columns of every configured source that no row fills (a column with an alternative counts when either is filled). */
export async function findSourceGaps(connection: DuckDBConnection, config: ProjectConfig, plan: PlannedModel[]): Promise<SourceGap[]> {
  const gaps: SourceGap[] = [];
  for (const [table, source] of Object.entries(config.sources) as [CanonicalTableName, NonNullable<ProjectConfig["sources"][CanonicalTableName]>][]) {
    const essential = canonicalTables[table].columns.filter((c) => c.essential);
    if (!essential.length) continue;
    const filled = essential.map((c) => `count(*) FILTER (WHERE ${[c.name, ...(c.essential === true ? [] : [c.essential!.orElse])].map((n) => `${ident(n)} IS NOT NULL`).join(" OR ")}) AS ${ident(c.name)}`);
    const [counts] = await queryRows(connection, `SELECT count(*) AS rows, ${filled.join(", ")} FROM ${ident(sourceTableName(table))}`).catch(() => [undefined]);
    if (!counts || Number(counts.rows) === 0) continue;
    const empty = essential.filter((c) => Number(counts[c.name]) === 0);
    if (!empty.length) continue;
    const models = modelsBuiltOn(plan, table);
    const pages = findReportPages(join(projectRoot, "src")).filter((p) => p.models.some((m) => models.has(m))).map(({ path, title }) => ({ path, title }));
    for (const column of empty) gaps.push({ table, column: column.name, origin: source.origin, pages });
  }
  return gaps;
}

/** The source table and every model that reads it, directly or through other models. */
export function modelsBuiltOn(plan: PlannedModel[], table: CanonicalTableName): Set<string> {
  const built = new Set<string>([sourceTableName(table)]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const model of plan) {
      if (built.has(model.name)) continue;
      if (model.sources.includes(table) || model.dependsOn.some((d) => built.has(d))) {
        built.add(model.name);
        grew = true;
      }
    }
  }
  return built;
}

/** The one sentence for a gap. */
export function gapSentence(gap: SourceGap): string {
  const pages = gap.pages.length ? ` Pages built on ${gap.table} will show empty figures for it: ${gap.pages.map((p) => p.title).join(", ")}.` : "";
  return `no source provides ${gap.table}.${gap.column} (every row is empty; configured in ${gap.origin}): map columns.${gap.column} to the column that holds it.${pages}`;
}

/** Failing tests on models built from a gapped table are set aside; returns the kept results and how many were skipped. */
export function skipTestsOfGaps(results: TestResult[], plan: PlannedModel[], gaps: SourceGap[]): { kept: TestResult[]; skipped: number } {
  if (!gaps.length) return { kept: results, skipped: 0 };
  const affected = new Set([...new Set(gaps.map((g) => g.table))].flatMap((table) => [...modelsBuiltOn(plan, table)]));
  const kept = results.filter((r) => !(r.status === "fail" && affected.has(r.test.relation)));
  return { kept, skipped: results.length - kept.length };
}

/** The source_gaps mart: one row per gap, pages as "title|path" joined with newlines (read by the site's notes). */
export async function saveSourceGaps(connection: DuckDBConnection, gaps: SourceGap[]): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE ${ident(sourceGapsTable)} (table_name VARCHAR, column_name VARCHAR, origin VARCHAR, pages VARCHAR[], page_titles VARCHAR[], sentence VARCHAR)`);
  if (!gaps.length) return;
  const list = (values: string[]) => `[${values.map(literal).join(", ")}]::VARCHAR[]`;
  const rows = gaps.map((g) => `(${literal(g.table)}, ${literal(g.column)}, ${literal(g.origin)}, ${list(g.pages.map((p) => p.path))}, ${list(g.pages.map((p) => p.title))}, ${literal(gapSentence(g))})`);
  await connection.run(`INSERT INTO ${ident(sourceGapsTable)} VALUES ${rows.join(", ")}`);
}
