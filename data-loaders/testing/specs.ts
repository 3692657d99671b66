// Reads the declarative files beside the models (models/**/*.yml) and seeds/seeds.yml:
// descriptions for the catalog and data tests. The format follows dbt's schema.yml, which
// analysts already know: a list under `models:` (or `seeds:`) of {name, description, tests, columns}.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { memoryBytes } from "../pipeline/duckdb.ts";
import { didYouMean, UserError } from "../pipeline/errors.ts";
import { displayPath } from "../pipeline/paths.ts";
import type { IncrementalSpec } from "../pipeline/incremental.ts";

export const testKinds = ["unique", "not_null", "accepted_values", "relationships", "accepted_range", "expression_is_true", "row_count"] as const;
export type TestKind = (typeof testKinds)[number];
export type Severity = "error" | "warn";

export interface TestDefinition {
  /** Stable id, e.g. "customer_rfm.customer_id.unique". */
  id: string;
  relation: string;
  column?: string;
  kind: TestKind;
  severity: Severity;
  options: Record<string, unknown>;
  specFile: string;
  /**
   * A unique test's key in the order its table is stored sorted by (the leading columns of the
   * relation's sorted_by, when the key is those columns): counted in one pass in that order
   * (compile.ts, inOrderFailingRowsSql).
   */
  storedOrder?: string[];
}

export interface RelationDocs {
  name: string;
  description?: string;
  /**
   * A model's own DuckDB memory limit ("768MB"): for a model whose working memory would
   * otherwise grow to the database's limit (half the machine) where spilling costs little.
   */
  memoryLimit?: string;
  /**
   * "view": the model is a DuckDB view, not a table: for a model that passes many rows on to a few
   * readers for little work of its own (writing 8.5M events to the warehouse file cost more than
   * every reader's scan of them); "table" (the default) otherwise.
   */
  materialized?: "table" | "view";
  /** Rebuilt by partition when only one input changed (data-loaders/pipeline/incremental.ts). */
  incremental?: IncrementalSpec;
  /**
   * Columns the table is written sorted by (its CREATE TABLE AS ends in ORDER BY them). DuckDB keeps
   * a table's insertion order when it is scanned alone, so a reader that needs that order (the
   * mart's export when they are its unique key, a model reading the rows in order) need not sort
   * again. A sort paid once instead of by every such reader.
   */
  sortedBy?: string[];
  columns: { name: string; description?: string }[];
  specFile: string;
}

export interface Specs {
  tests: TestDefinition[];
  docs: RelationDocs[];
}

const relationKeys = ["name", "description", "tests", "columns", "column_types", "memory_limit", "materialized", "incremental", "sorted_by"];
const incrementalKeys = ["input", "partition", "column"];
const materializations = ["table", "view"];
const topLevelKeys = ["models", "seeds"];
const columnKeys = ["name", "description", "tests"];

/** incremental: {input, partition, column}, each a non-empty text. */
function incrementalSpec(value: unknown, where: string): IncrementalSpec {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UserError(`${where}: give {input: <table>, partition: <SQL expression over its columns>, column: <the model's column holding it>}`);
  const entry = value as Record<string, unknown>;
  checkKeys(entry, incrementalKeys, where);
  for (const key of incrementalKeys) {
    if (typeof entry[key] !== "string" || !(entry[key] as string).trim()) throw new UserError(`${where}: ${key} is missing (give input, partition and column)`);
  }
  return { input: String(entry.input).trim(), partition: String(entry.partition).trim(), column: String(entry.column).trim() };
}

/** sorted_by: a non-empty list of distinct column names. */
function sortedBySpec(value: unknown, where: string): string[] {
  const columns = Array.isArray(value) ? value.map((c) => (typeof c === "string" ? c.trim() : "")) : [];
  if (!columns.length || columns.some((c) => !c)) throw new UserError(`${where}: give a list of the model's columns, e.g. sorted_by: [user_key, event_seq]`);
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated) throw new UserError(`${where}: ${repeated} is listed twice`);
  return columns;
}

/** Each relation whose YAML sets sorted_by, with those columns. */
export function sortedTables(specs: Specs): Map<string, string[]> {
  return new Map(specs.docs.filter((d) => d.sortedBy).map((d) => [d.name, d.sortedBy!]));
}

export function readSpecs(files: string[]): Specs {
  const specs: Specs = { tests: [], docs: [] };
  for (const file of files) {
    const shown = displayPath(file);
    let content: Record<string, unknown[]>;
    try {
      content = (parse(readFileSync(file, "utf8")) ?? {}) as Record<string, unknown[]>;
    } catch (error) {
      throw new UserError(`${shown}: not valid YAML: ${(error as Error).message}`);
    }
    for (const key of Object.keys(content)) {
      if (!topLevelKeys.includes(key)) throw new UserError(`${shown}: unknown top-level key "${key}" (expected ${topLevelKeys.join(" or ")}).${didYouMean(key, topLevelKeys)}`);
    }
    for (const entry of [...(content.models ?? []), ...(content.seeds ?? [])] as Record<string, unknown>[]) {
      const name = String(entry.name ?? "");
      if (!name) throw new UserError(`${shown}: every entry under models needs a name`);
      checkKeys(entry, relationKeys, `${shown}: ${name}`);
      const columns = (entry.columns ?? []) as Record<string, unknown>[];
      const memoryLimit = entry.memory_limit === undefined ? undefined : String(entry.memory_limit);
      if (memoryLimit !== undefined && memoryBytes(memoryLimit) === undefined) throw new UserError(`${shown}: ${name}: memory_limit "${memoryLimit}": give an amount such as 768MB or 2GB`);
      const materialized = entry.materialized === undefined ? undefined : String(entry.materialized);
      if (materialized !== undefined && !materializations.includes(materialized)) throw new UserError(`${shown}: ${name}: materialized "${materialized}": use ${materializations.join(" or ")}.${didYouMean(materialized, materializations)}`);
      const incremental = entry.incremental === undefined ? undefined : incrementalSpec(entry.incremental, `${shown}: ${name}: incremental`);
      if (incremental && materialized === "view") throw new UserError(`${shown}: ${name}: incremental needs a table; a view is computed by each reader and has nothing to keep`);
      const sortedBy = entry.sorted_by === undefined ? undefined : sortedBySpec(entry.sorted_by, `${shown}: ${name}: sorted_by`);
      if (sortedBy && materialized === "view") throw new UserError(`${shown}: ${name}: sorted_by needs a table; a view stores no rows to keep in order`);
      if (sortedBy && incremental) throw new UserError(`${shown}: ${name}: sorted_by cannot go with incremental: appended partitions would follow the table's rows unsorted`);
      specs.docs.push({
        name,
        description: entry.description as string | undefined,
        ...(memoryLimit ? { memoryLimit } : {}),
        ...(materialized ? { materialized: materialized as "table" | "view" } : {}),
        ...(incremental ? { incremental } : {}),
        ...(sortedBy ? { sortedBy } : {}),
        columns: columns.map((c) => ({ name: String(c.name), description: c.description as string | undefined })),
        specFile: file,
      });
      for (const test of (entry.tests ?? []) as unknown[]) specs.tests.push(definition(test, name, undefined, file));
      for (const column of columns) {
        checkKeys(column, columnKeys, `${shown}: ${name}.${column.name}`);
        for (const test of (column.tests ?? []) as unknown[]) specs.tests.push(definition(test, name, String(column.name), file));
      }
    }
  }
  const sortedBy = sortedTables(specs);
  for (const test of specs.tests) {
    const order = sortedBy.get(test.relation);
    const key = test.column ? [test.column] : (test.options.columns as string[] | undefined);
    if (test.kind === "unique" && order && key && test.options.where === undefined && key.length <= order.length && order.slice(0, key.length).every((c) => key.includes(c))) test.storedOrder = order.slice(0, key.length);
  }
  const seen = new Set<string>();
  for (const test of specs.tests) {
    // Two tests of the same kind on one column get a numbered id so results stay addressable.
    let id = test.id;
    for (let n = 2; seen.has(id); n++) id = `${test.id}_${n}`;
    test.id = id;
    seen.add(id);
  }
  return specs;
}

function definition(test: unknown, relation: string, column: string | undefined, specFile: string): TestDefinition {
  const where = `${displayPath(specFile)}: ${relation}${column ? `.${column}` : ""}`;
  const [kind, raw] = typeof test === "string" ? [test, {}] : Object.entries(test as object)[0] ?? [];
  if (!testKinds.includes(kind as TestKind)) {
    throw new UserError(`${where}: unknown test "${kind}" (known: ${testKinds.join(", ")}).${didYouMean(String(kind), testKinds)}`);
  }
  const options = { ...((raw ?? {}) as Record<string, unknown>) };
  const severity = (options.severity ?? "error") as Severity;
  if (severity !== "error" && severity !== "warn") throw new UserError(`${where}: ${kind} severity must be "error" or "warn", not "${severity}"`);
  delete options.severity;
  const needs: Partial<Record<TestKind, string[]>> = {
    accepted_values: ["values"],
    relationships: ["to", "field"],
    expression_is_true: ["expression"],
  };
  for (const option of needs[kind as TestKind] ?? []) {
    if (options[option] === undefined) throw new UserError(`${where}: ${kind} needs "${option}"`);
  }
  if (!column && ["not_null", "accepted_values", "relationships", "accepted_range"].includes(kind as string)) {
    throw new UserError(`${where}: ${kind} is a column test; put it under a column`);
  }
  if (!column && kind === "unique" && !Array.isArray(options.columns)) {
    throw new UserError(`${where}: a model-level unique test needs "columns: [a, b]"`);
  }
  return { id: [relation, column, kind].filter(Boolean).join("."), relation, column, kind: kind as TestKind, severity, options, specFile };
}

function checkKeys(object: object, allowed: string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new UserError(`${where}: unknown key "${key}".${didYouMean(key, allowed)}`);
  }
}
