// Reads every model's SQL, resolves what it reads into models, seeds and sources, and orders
// the graph. Unknown names and cycles stop here, before anything runs.
import type { DuckDBConnection } from "@duckdb/node-api";
import { canonicalTables, type CanonicalTableName } from "../sources/canonical.ts";
import { sourceTableName } from "../sources/load-source.ts";
import { didYouMean, UserError } from "./errors.ts";
import { topologicalOrder } from "./graph.ts";
import { displayPath } from "./paths.ts";
import type { Model, Seed } from "./project.ts";
import { parseModelSql, SqlParseError } from "./references.ts";

export interface PlannedModel extends Model {
  dependsOn: string[];
  seeds: string[];
  sources: CanonicalTableName[];
  vars: string[];
}

// Files read inside a model would bypass the sources' content hashes, and so the cache.
const fileReaders = /^(read_|parquet_scan|csv_scan|sniff_csv|glob$)/i;

export async function planModels(connection: DuckDBConnection, models: Model[], seeds: Seed[]): Promise<PlannedModel[]> {
  const modelNames = new Set(models.map((m) => m.name));
  const seedNames = new Set(seeds.map((s) => s.name));
  for (const seed of seeds) {
    if (modelNames.has(seed.name)) throw new UserError(`A seed and a model share the name "${seed.name}": rename one of ${displayPath(seed.path)} or the model`);
  }
  const sourceNames = new Map(Object.keys(canonicalTables).map((t) => [sourceTableName(t as CanonicalTableName), t as CanonicalTableName]));
  const known = [...modelNames, ...seedNames, ...sourceNames.keys()];

  const planned: PlannedModel[] = [];
  for (const model of models) {
    let parsed;
    try {
      parsed = await parseModelSql(connection, model.sql);
    } catch (error) {
      if (error instanceof SqlParseError) throw new UserError(`${displayPath(model.path)}: ${error.message}`);
      throw error;
    }
    const reader = parsed.tableFunctions.find((f) => fileReaders.test(f));
    if (reader) throw new UserError(`${displayPath(model.path)}: ${reader}() reads a file directly; configure it as a source in analytics.config.yml or add a seed, so that rebuilds notice when it changes`);
    const dependsOn = new Set<string>();
    const seedRefs = new Set<string>();
    const sourceRefs = new Set<CanonicalTableName>();
    for (const ref of parsed.references) {
      const name = ref.name.toLowerCase();
      if (name === model.name) throw new UserError(`${displayPath(model.path)}:${ref.line}: a model cannot read itself ("${ref.name}")`);
      if (modelNames.has(name)) dependsOn.add(name);
      else if (seedNames.has(name)) seedRefs.add(name);
      else if (sourceNames.has(name)) sourceRefs.add(sourceNames.get(name)!);
      else throw new UserError(`${displayPath(model.path)}:${ref.line}: "${ref.name}" is not a model, seed or source.${didYouMean(name, known)}`);
    }
    const vars = [...model.sql.matchAll(/getvariable\(\s*'([^']+)'\s*\)/gi)].map((m) => m[1]);
    planned.push({ ...model, dependsOn: [...dependsOn].sort(), seeds: [...seedRefs].sort(), sources: [...sourceRefs].sort(), vars: [...new Set(vars)].sort() });
  }
  const order = topologicalOrder(planned);
  return order.map((node) => planned.find((m) => m.name === node.name)!);
}
