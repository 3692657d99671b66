// Reads every model's SQL, resolves what it reads into models, seeds and sources, and orders
// the graph. Unknown names and cycles stop here, before anything runs.
import type { DuckDBConnection } from "@duckdb/node-api";
import { canonicalTables, type CanonicalTableName } from "../sources/canonical.ts";
import { sourceTableName } from "../sources/load-source.ts";
import { didYouMean, UserError } from "./errors.ts";
import { topologicalOrder } from "./graph.ts";
import { displayPath } from "./paths.ts";
import type { Model, Seed } from "./project.ts";
import { parseModelsSql, SqlParseError, type TableReference } from "./references.ts";
import { importTsModel, type TsModel } from "./ts-model.ts";
import { sha256 } from "./hashing.ts";

/**
 * What planning and hashing need of a TypeScript model, from its module: kept between runs while the
 * code it runs (`code`, imported-code.ts) is unchanged, so that a run need not import the models it
 * does not build (38 modules: about 0.3 s of every rebuild).
 */
export interface TsDeclarations {
  code: string;
  dependsOn: string[];
  vars: string[];
  files: string[];
  returnsSql: boolean;
}

export function declarationsOf(model: TsModel, code: string): TsDeclarations {
  return { code, dependsOn: [...model.dependsOn], vars: [...(model.vars ?? [])], files: [...(model.files ?? [])], returnsSql: typeof model.sql === "function" };
}

/** The declarations kept from an earlier run (by model file) and how to tell the code a model runs now. */
export interface KeptDeclarations {
  codeVersion(path: string): string;
  kept: Map<string, TsDeclarations>;
}

export interface PlannedModel extends Model {
  /** The loaded module of a TypeScript model, when planning imported it (always, without kept declarations). */
  tsModel?: TsModel;
  /** A TypeScript model's declarations. */
  ts?: TsDeclarations;
  dependsOn: string[];
  seeds: string[];
  sources: CanonicalTableName[];
  vars: string[];
}

/** The vars a piece of SQL reads with getvariable('name'). */
export function varsIn(sql: string): string[] {
  return [...sql.matchAll(/getvariable\(\s*'([^']+)'\s*\)/gi)].map((m) => m[1]);
}

// Files read inside a model would bypass the sources' content hashes, and so the cache.
const fileReaders = /^(read_|parquet_scan|csv_scan|sniff_csv|glob$)/i;

export async function planModels(connection: DuckDBConnection, models: Model[], seeds: Seed[], declared?: KeptDeclarations): Promise<PlannedModel[]> {
  const modelNames = new Set(models.map((m) => m.name));
  const seedNames = new Set(seeds.map((s) => s.name));
  for (const seed of seeds) {
    if (modelNames.has(seed.name)) throw new UserError(`A seed and a model share the name "${seed.name}": rename one of ${displayPath(seed.path)} or the model`);
  }
  const sourceNames = new Map(Object.keys(canonicalTables).map((t) => [sourceTableName(t as CanonicalTableName), t as CanonicalTableName]));
  const known = [...modelNames, ...seedNames, ...sourceNames.keys()];

  const sqlModels = models.filter((m) => m.language === "sql");
  const parses = new Map((await parseModelsSql(connection, sqlModels.map((m) => m.source))).map((parsed, i) => [sqlModels[i], parsed]));
  // The TypeScript models whose declarations are not kept for the code they run now, imported all at
  // once: their loading overlaps (38 models: 0.26 s against 0.34-0.38 s one by one). A failure is
  // reported below, in the models' order.
  const code = new Map(models.filter((m) => m.language === "ts").map((m) => [m, declared?.codeVersion(m.path) ?? ""]));
  const kept = (model: Model) => (declared?.kept.get(model.path)?.code === code.get(model) ? declared!.kept.get(model.path) : undefined);
  const tsModels = [...code.keys()].filter((m) => !kept(m));
  const imports = new Map((await Promise.allSettled(tsModels.map((m) => importTsModel(m.path, sha256(m.source))))).map((imported, i) => [tsModels[i], imported]));
  const planned: PlannedModel[] = [];
  for (const model of models) {
    let references: TableReference[];
    let vars: string[];
    let tsModel: TsModel | undefined;
    let ts: TsDeclarations | undefined;
    if (model.language === "ts") {
      ts = kept(model);
      if (!ts) {
        const imported = imports.get(model)!;
        if (imported.status === "rejected") throw new UserError(`${displayPath(model.path)}: ${(imported.reason as Error).message}`);
        tsModel = imported.value;
        ts = declarationsOf(tsModel, code.get(model)!);
      }
      references = ts.dependsOn.map((name) => ({ name, line: 0 }));
      vars = ts.vars;
    } else {
      const parsed = parses.get(model)!;
      if (parsed instanceof SqlParseError) throw new UserError(`${displayPath(model.path)}: ${parsed.message}`);
      const reader = parsed.tableFunctions.find((f) => fileReaders.test(f));
      if (reader) throw new UserError(`${displayPath(model.path)}: ${reader}() reads a file directly; configure it as a source in analytics.config.yml or add a seed, so that rebuilds notice when it changes`);
      references = parsed.references;
      vars = varsIn(model.source);
    }
    const dependsOn = new Set<string>();
    const seedRefs = new Set<string>();
    const sourceRefs = new Set<CanonicalTableName>();
    for (const ref of references) {
      const where = `${displayPath(model.path)}${ref.line ? `:${ref.line}` : ""}`;
      const name = ref.name.toLowerCase();
      if (name === model.name) throw new UserError(`${where}: a model cannot read itself ("${ref.name}")`);
      if (modelNames.has(name)) dependsOn.add(name);
      else if (seedNames.has(name)) seedRefs.add(name);
      else if (sourceNames.has(name)) sourceRefs.add(sourceNames.get(name)!);
      else throw new UserError(`${where}: "${ref.name}" is not a model, seed or source.${didYouMean(name, known)}`);
    }
    planned.push({ ...model, tsModel, ts, dependsOn: [...dependsOn].sort(), seeds: [...seedRefs].sort(), sources: [...sourceRefs].sort(), vars: [...new Set(vars)].sort() });
  }
  const order = topologicalOrder(planned);
  return order.map((node) => planned.find((m) => m.name === node.name)!);
}
