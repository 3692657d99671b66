// The pipeline's SQL as one plain DuckDB script: source load, seeds, every model in dependency
// order, every data test query, every mart export. Running it with no runner around it is the
// baseline that the pipeline's overhead is measured against.
import { join } from "node:path";
import type { ProjectConfig } from "../data-loaders/pipeline/config.ts";
import { ident, literal, modelMemoryLimitSql, openDatabase, setVariableSql, sortedSql } from "../data-loaders/pipeline/duckdb.ts";
import { planModels, type PlannedModel } from "../data-loaders/pipeline/plan.ts";
import { findModels, findSeeds, findSpecFiles } from "../data-loaders/pipeline/project.ts";
import { readSeedSpecs, seedSpecFile } from "../data-loaders/pipeline/seeds.ts";
import { sortedModels, viewModels } from "../data-loaders/pipeline/run.ts";
import { readVarDeclarations, resolveVars } from "../data-loaders/pipeline/vars.ts";
import { canonicalTables, type CanonicalTableName } from "../data-loaders/sources/canonical.ts";
import { rawColumnTypes, sourceLoadSql, sourceTableName } from "../data-loaders/sources/load-source.ts";
import { readExpression } from "../data-loaders/sources/raw-file.ts";
import { failingCountsSql, testBatchSize } from "../data-loaders/testing/compile.ts";
import { readSpecs } from "../data-loaders/testing/specs.ts";

/**
 * A SQL statement, or a TypeScript model to build in place (same code, no runner), with the columns
 * it is written sorted by and those of its inputs that are (sorted_by in the models' YAML).
 */
export type BareStep = string | { tsModel: string; name: string; sortedBy?: string[]; inputsSortedBy?: Record<string, string[]> };

/**
 * The steps that build one model as the runner does, under the model's own memory limit when its
 * YAML sets one, written sorted when it says so (`sorted`: every model's sorted_by).
 */
export function modelSteps(model: PlannedModel, memoryLimits: Map<string, string>, views: Set<string>, sorted: Map<string, string[]> = new Map()): BareStep[] {
  const build: BareStep = model.language === "ts"
    ? { tsModel: model.path, name: model.name, sortedBy: sorted.get(model.name), inputsSortedBy: Object.fromEntries(model.dependsOn.filter((d) => sorted.has(d)).map((d) => [d, sorted.get(d)!])) }
    : `CREATE OR REPLACE ${views.has(model.name) ? "VIEW" : "TABLE"} ${ident(model.name)} AS ${sortedSql(model.source, sorted.get(model.name))}`;
  const limit = memoryLimits.get(model.name);
  if (!limit) return [build];
  const { before, after } = modelMemoryLimitSql(limit);
  return [before, build, after];
}

/** The models the runner builds as views (materialized: view in the models' YAML), read as it reads them. */
export function modelViews(plan: PlannedModel[]): Set<string> {
  return viewModels(readSpecs(findSpecFiles()), plan);
}

/** The models written sorted (sorted_by in the models' YAML), by the columns they are sorted by. */
export function modelSortedBy(plan: PlannedModel[]): Map<string, string[]> {
  return sortedModels(readSpecs(findSpecFiles()), plan);
}

/** Each model's own memory limit (memory_limit in the models' YAML). */
export function modelMemoryLimits(): Map<string, string> {
  return new Map(readSpecs(findSpecFiles()).docs.filter((d) => d.memoryLimit).map((d) => [d.name, d.memoryLimit!]));
}

export async function bareScript(config: ProjectConfig, outDir: string): Promise<BareStep[]> {
  const { instance, connection } = await openDatabase();
  try {
    const statements: BareStep[] = ["SET TimeZone = 'UTC'"];
    for (const table of Object.keys(canonicalTables) as CanonicalTableName[]) {
      const source = config.sources[table];
      if (source) statements.push(sourceLoadSql(source, undefined, undefined, await rawColumnTypes(connection, source)));
      else statements.push(`CREATE TABLE ${sourceTableName(table)} (${canonicalTables[table].columns.map((c) => `${ident(c.name)} ${c.type}`).join(", ")})`);
    }
    const seeds = findSeeds();
    const seedSpecs = readSeedSpecs();
    for (const seed of seeds) statements.push(`CREATE TABLE ${ident(seed.name)} AS SELECT * FROM ${readExpression(seed.path, { types: seedSpecs[seed.name]?.column_types })}`);
    const plan = await planModels(connection, findModels(), seeds);
    // The vars as a run resolves them (declared defaults filled in).
    const vars = resolveVars(config.vars, {}, readVarDeclarations(), plan.flatMap((m) => m.vars));
    for (const [name, value] of Object.entries(vars)) statements.push(setVariableSql(name, value));
    const memoryLimits = modelMemoryLimits();
    const views = modelViews(plan);
    const sorted = modelSortedBy(plan);
    for (const model of plan) statements.push(...modelSteps(model, memoryLimits, views, sorted));
    // The tests as the runner counts them, in batches (every test passes, so no example queries).
    const tests = readSpecs([...findSpecFiles(), seedSpecFile()]).tests;
    for (let start = 0; start < tests.length; start += testBatchSize) statements.push(failingCountsSql(tests.slice(start, start + testBatchSize)));
    for (const model of plan.filter((m) => m.layer === "marts")) {
      statements.push(`COPY (SELECT * FROM ${ident(model.name)} ORDER BY ALL) TO ${literal(join(outDir, `${model.name}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
    }
    return statements;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
