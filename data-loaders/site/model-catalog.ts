// The catalog behind the models page (src/models): every source, seed and model with its
// description and columns (from the YAML beside it), its data tests and their latest result (the
// data_test_results mart), what it reads (the graph the pipeline plans and runs) and what reads it,
// down to the report pages, found from the FileAttachment calls of src/**/*.md and the marts each
// data loader emits. Nothing here is kept by hand: a new model, test or page appears on the next build.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { canonicalTables, type CanonicalTableName } from "../sources/canonical.ts";
import { sourcePaths, sourceTableName } from "../sources/load-source.ts";
import type { ProjectConfig } from "../pipeline/config.ts";
import { openDatabase } from "../pipeline/duckdb.ts";
import { martFile } from "../pipeline/export-marts.ts";
import { displayPath, modelsDir, projectRoot, seedsDir } from "../pipeline/paths.ts";
import { planModels } from "../pipeline/plan.ts";
import { findModels, findSeeds, findSpecFiles } from "../pipeline/project.ts";
import { seedSpecFile } from "../pipeline/seeds.ts";
import { readTableColumns } from "../pipeline/table-columns.ts";
import { readSpecs, type RelationDocs } from "../testing/specs.ts";
import { testResultsTable } from "../testing/run-tests.ts";
import { martRows } from "./emit-mart.ts";

export type CatalogLayer = "source" | "seed" | "staging" | "intermediate" | "marts";
export type TestOutcome = "pass" | "warn" | "fail" | "not run";

export interface CatalogColumn {
  name: string;
  /** DuckDB type in the warehouse after the last run; null when the table has not been built. */
  type: string | null;
  description: string | null;
  /** A column the YAML documents but the table does not have (a stale doc). */
  missing?: boolean;
}

export interface CatalogTest {
  id: string;
  column: string | null;
  test: string;
  severity: string;
  status: TestOutcome;
  failing_rows: number | null;
}

export interface CatalogNode {
  name: string;
  layer: CatalogLayer;
  kind: "SQL" | "TS" | "CSV" | "source";
  /** The file that defines it, relative to the project. */
  path: string;
  description: string | null;
  columns: CatalogColumn[];
  tests: CatalogTest[];
  /** What it reads directly: models, seeds and sources (src_*). */
  upstream: string[];
  /** Models that read it directly. */
  downstream: string[];
  /** Report pages that read it directly (through a data loader). */
  pages: string[];
  /** For a source: the raw files configured for it (none: the source is empty). */
  files?: string[];
  preset?: string;
  vars?: string[];
}

export interface CatalogPage {
  /** Site path, e.g. "/customers/churn". */
  path: string;
  title: string;
  /** Models (marts) the page's data loaders emit. */
  models: string[];
}

export interface ModelCatalog {
  nodes: CatalogNode[];
  pages: CatalogPage[];
  /** False before the first full pipeline run has recorded test results. */
  tests_recorded: boolean;
}

export interface CatalogOptions {
  config: ProjectConfig;
  modelsRoot?: string;
  seedsRoot?: string;
  /** The site's root (pages and src/data loaders). */
  siteRoot?: string;
}

export async function buildModelCatalog({ config, modelsRoot = modelsDir, seedsRoot = seedsDir, siteRoot = join(projectRoot, "src") }: CatalogOptions): Promise<ModelCatalog> {
  const models = findModels(modelsRoot);
  const seeds = findSeeds(seedsRoot);
  const seedSpec = seedSpecFile(seedsRoot);
  const specs = readSpecs([...findSpecFiles(modelsRoot), ...(existsSync(seedSpec) ? [seedSpec] : [])]);
  // The same plan the pipeline runs: dependencies from DuckDB's parse of each SQL model, and the
  // declared dependsOn of each TypeScript model.
  const { instance, connection } = await openDatabase();
  let plan;
  try {
    plan = await planModels(connection, models, seeds);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  const columns = readTableColumns(config.cacheDir);
  const resultsFile = martFile(config.cacheDir, testResultsTable);
  const results = existsSync(resultsFile) ? await martRows(resultsFile) : undefined;
  const resultById = new Map((results ?? []).map((r) => [String(r.test_id), r]));
  const docsByName = new Map<string, RelationDocs>();
  for (const doc of specs.docs) docsByName.set(doc.name, { ...doc, columns: [...(docsByName.get(doc.name)?.columns ?? []), ...doc.columns], description: doc.description ?? docsByName.get(doc.name)?.description });

  const testsOf = (relation: string): CatalogTest[] =>
    specs.tests.filter((t) => t.relation === relation).map((t) => {
      const result = resultById.get(t.id);
      return { id: t.id, column: t.column ?? null, test: t.kind, severity: t.severity, status: (result ? String(result.status) : "not run") as TestOutcome, failing_rows: result ? Number(result.failing_rows) : null };
    });
  const columnsOf = (name: string, declared?: { name: string; type: string; description?: string }[]): CatalogColumn[] => {
    const docs = new Map((docsByName.get(name)?.columns ?? []).map((c) => [c.name, c.description ?? null]));
    const declaredDocs = new Map((declared ?? []).map((c) => [c.name, c.description]));
    const built = columns[name] ?? declared ?? [];
    const list: CatalogColumn[] = built.map((c) => ({ name: c.name, type: c.type, description: docs.get(c.name) ?? declaredDocs.get(c.name) ?? null }));
    const names = new Set(list.map((c) => c.name));
    // Only after a build can a documented column be known to be absent.
    for (const [column, description] of docs) if (!names.has(column)) list.push({ name: column, type: null, description, ...(built.length ? { missing: true } : {}) });
    return list;
  };

  const nodes: CatalogNode[] = [];
  for (const table of Object.keys(canonicalTables) as CanonicalTableName[]) {
    const definition = canonicalTables[table];
    const source = config.sources[table];
    const name = sourceTableName(table);
    nodes.push({
      name, layer: "source", kind: "source", path: displayPath(config.configPath),
      description: `The canonical ${table} table (one row per ${definition.grain}), read from the files configured as sources.${table} in ${displayPath(config.configPath)}${source ? "" : "; none is configured, so it is empty"}.`,
      columns: columnsOf(name, definition.columns),
      tests: testsOf(name), upstream: [], downstream: [], pages: [],
      files: source ? sourcePaths(source).map(displayPath) : [],
      ...(source ? { preset: source.preset } : {}),
    });
  }
  for (const seed of seeds) {
    nodes.push({ name: seed.name, layer: "seed", kind: "CSV", path: displayPath(seed.path), description: docsByName.get(seed.name)?.description ?? null, columns: columnsOf(seed.name), tests: testsOf(seed.name), upstream: [], downstream: [], pages: [] });
  }
  for (const model of plan) {
    const declared = model.tsModel ? Object.entries(model.tsModel.columns).map(([c, type]) => ({ name: c, type })) : undefined;
    nodes.push({
      name: model.name, layer: model.layer, kind: model.language === "ts" ? "TS" : "SQL", path: displayPath(model.path),
      description: docsByName.get(model.name)?.description ?? model.tsModel?.description ?? null,
      columns: columnsOf(model.name, declared), tests: testsOf(model.name),
      upstream: [...model.dependsOn, ...model.seeds, ...model.sources.map(sourceTableName)].sort(),
      downstream: [], pages: [], vars: model.vars,
    });
  }
  const byName = new Map(nodes.map((n) => [n.name, n]));
  for (const node of nodes) for (const up of node.upstream) byName.get(up)!.downstream.push(node.name);

  const pages = findReportPages(siteRoot).map((page) => ({ ...page, models: page.models.filter((m) => byName.has(m)) }));
  for (const page of pages) for (const model of page.models) byName.get(model)!.pages.push(page.path);
  for (const node of nodes) {
    node.downstream.sort();
    node.pages.sort();
  }
  const order: CatalogLayer[] = ["source", "seed", "staging", "intermediate", "marts"];
  nodes.sort((a, b) => order.indexOf(a.layer) - order.indexOf(b.layer) || a.name.localeCompare(b.name));
  return { nodes, pages: pages.filter((p) => p.models.length), tests_recorded: results !== undefined };
}

/**
 * Every page (src/**\/*.md) with the models its data loaders emit: a page's
 * FileAttachment("…/data/x.json") is served by the loader src/data/x.json.ts, which names its
 * marts in emitMart("m"), emitSummary(["m", …]) or emitQueryParquet(["m", …]).
 */
export function findReportPages(siteRoot: string): CatalogPage[] {
  const pages: CatalogPage[] = [];
  for (const file of walkPages(siteRoot)) {
    const text = readFileSync(file, "utf8");
    const models = new Set<string>();
    for (const match of text.matchAll(/FileAttachment\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
      const target = join(dirname(file), match[1]);
      for (const mart of loaderMarts(`${target}.ts`)) models.add(mart);
    }
    const path = "/" + relative(siteRoot, file).replace(/\.md$/, "").replace(/(^|\/)index$/, "$1");
    const title = /^---\n[\s\S]*?^title:\s*(.+)$[\s\S]*?^---$/m.exec(text)?.[1].trim().replace(/^["']|["']$/g, "") ?? path;
    pages.push({ path, title, models: [...models].sort() });
  }
  return pages.sort((a, b) => a.path.localeCompare(b.path));
}

function loaderMarts(loader: string): string[] {
  if (!existsSync(loader)) return [];
  const text = readFileSync(loader, "utf8");
  const names: string[] = [];
  for (const m of text.matchAll(/emitMart\(\s*["']([^"']+)["']/g)) names.push(m[1]);
  for (const m of text.matchAll(/emit(?:Summary|QueryParquet)\(\s*\[([^\]]*)\]/g)) names.push(...[...m[1].matchAll(/["']([^"']+)["']/g)].map((q) => q[1]));
  return names;
}

function walkPages(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((entry) => {
    if (entry.startsWith(".") || entry === "node_modules") return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return walkPages(path);
    return path.endsWith(".md") ? [path] : [];
  });
}
