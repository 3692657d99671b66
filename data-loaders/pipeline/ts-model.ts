// TypeScript models: for what SQL cannot say well (exact tests, numerical fits). A model file
// `models/<layer>/<name>.ts` default-exports a TsModel; the runner gives it read access to the
// warehouse and stores the rows it returns as the table <name>, typed by `columns`.
// Shared code for such models lives in data-loaders/lib/; a change there rebuilds them.
import { pathToFileURL } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { VarValue } from "./config.ts";
import { ident, queryRows, sortedSql, type Row } from "./duckdb.ts";

export interface TsModelContext {
  /** Runs a query against the warehouse (the model's dependencies are built). */
  query(sql: string): Promise<Row[]>;
  vars: Record<string, VarValue>;
  /**
   * The model's connection, for work that reads or writes in bulk (e.g. rows found in JavaScript
   * written as temporary tables its SELECT reads). It sees only the declared inputs and the
   * connection's temporary tables, which are dropped after the model is built.
   */
  connection: DuckDBConnection;
  /**
   * A second connection that sees the same inputs, closed after the model: for reading a large
   * input as a stream while writing on `connection` (a query on the connection that holds an open
   * stream closes the stream).
   */
  openReader(): Promise<DuckDBConnection>;
  /**
   * The columns an input is stored sorted by (sorted_by in its YAML; [] when none): scanned alone,
   * its rows come in that order without a sort.
   */
  sortedBy?(input: string): string[];
}

export interface TsModel {
  description?: string;
  /** Tables (models, seeds, src_*) the model reads. */
  dependsOn: string[];
  /** Vars the model reads; a change to one rebuilds it. */
  vars?: string[];
  /**
   * Files the model reads besides tables (relative to the project root, or absolute; e.g. a YAML
   * definition file or a shared SQL module): their content is hashed, so an edit rebuilds the model.
   */
  files?: string[];
  /**
   * Output columns and their DuckDB types, in order. A model with sql() may type a text column
   * "ENUM": its SELECT gives the column as an ENUM of the values it holds (or as VARCHAR, e.g. when
   * there are too many), which is kept rather than cast, since the values are known only from the data.
   */
  columns: Record<string, string>;
  build?(context: TsModelContext): Promise<Row[]>;
  /**
   * Instead of build: the model's SELECT, written in TypeScript (e.g. SQL shared with the site
   * from a src/components module). Run in the warehouse, so large results never pass through JS.
   */
  sql?(context: TsModelContext): string | Promise<string>;
}

export async function importTsModel(path: string, version: string): Promise<TsModel> {
  // The version in the URL makes an edited model load afresh in a long-lived process (npm run dev).
  const module = await import(`${pathToFileURL(path).href}?v=${version}`);
  const model = module.default as TsModel;
  if (!model || !Array.isArray(model.dependsOn) || (typeof model.build !== "function") === (typeof model.sql !== "function") || !model.columns) {
    throw new Error("a TypeScript model default-exports { dependsOn: string[], columns: {name: type}, build(context) } (or sql(context) returning a SELECT instead of build)");
  }
  if (model.build && Object.values(model.columns).includes("ENUM")) throw new Error('a column typed "ENUM" takes its values from the SELECT: only a model with sql(context) may declare one');
  return model;
}

/**
 * `openConnection`: a new connection to the warehouse with the session settings models rely on (for
 * openReader). `sortedBy`: the columns the table is written sorted by (a model returning SQL);
 * `inputSortedBy`: an input's (the context's sortedBy).
 */
export async function materialiseTsModel(connection: DuckDBConnection, name: string, model: TsModel, vars: Record<string, VarValue>, openConnection: () => Promise<DuckDBConnection>, order: { sortedBy?: string[]; inputSortedBy?: (input: string) => string[] } = {}): Promise<void> {
  const [{ catalog }] = await queryRows(connection, "SELECT current_database() AS catalog");
  const readers: DuckDBConnection[] = [];
  const openReader = async () => {
    const reader = await openConnection();
    readers.push(reader);
    await declaredInputsOnly(reader, String(catalog), model.dependsOn);
    return reader;
  };
  try {
    await withDeclaredInputsOnly(connection, String(catalog), model.dependsOn, () => materialise(connection, `${ident(String(catalog))}.main.${ident(name)}`, model, { query: (sql) => queryRows(connection, sql), vars, connection, openReader, sortedBy: (input) => (model.dependsOn.includes(input) ? order.inputSortedBy?.(input) ?? [] : []) }, order.sortedBy));
  } finally {
    // Their temporary views go with them.
    for (const reader of readers) reader.closeSync();
  }
}

/**
 * A temporary view of the same name over each of the model's inputs, with the search path set to
 * those views alone, so that a query of any other table fails naming it.
 */
async function declaredInputsOnly(connection: DuckDBConnection, catalog: string, inputs: string[]): Promise<void> {
  for (const input of inputs) await connection.run(`CREATE OR REPLACE TEMP VIEW ${ident(input)} AS SELECT * FROM ${ident(catalog)}.main.${ident(input)}`);
  await connection.run("SET search_path = 'temp.main'");
}

/**
 * Runs `work` seeing only the tables the model declares in dependsOn (declaredInputsOnly), which
 * are dropped after it. An input the runner does not know of would not rebuild the model when it
 * changes (nor be built before it).
 */
async function withDeclaredInputsOnly(connection: DuckDBConnection, catalog: string, inputs: string[], work: () => Promise<void>): Promise<void> {
  await declaredInputsOnly(connection, catalog, inputs);
  try {
    await work();
  } catch (error) {
    const missing = /Table with name (\S+) does not exist/.exec(error instanceof Error ? error.message : String(error));
    if (missing) throw new Error(`reads the table ${missing[1]}, which is not in its dependsOn (${inputs.join(", ") || "empty"}); declare it, so the model is built after it and rebuilt when it changes`);
    throw error;
  } finally {
    await connection.run("RESET search_path");
    for (const input of inputs) await connection.run(`DROP VIEW IF EXISTS temp.main.${ident(input)}`);
  }
}

async function materialise(connection: DuckDBConnection, target: string, model: TsModel, context: TsModelContext, sortedBy?: string[]): Promise<void> {
  const columns = Object.entries(model.columns);
  const temporaryTables = async () => new Set((await queryRows(connection, "SELECT table_name FROM duckdb_tables() WHERE temporary")).map((r) => String(r.table_name)));
  const before = await temporaryTables();
  try {
    await materialiseWith(connection, target, model, context, columns, sortedBy);
  } finally {
    // Temporary tables the model made for its SELECT.
    for (const name of await temporaryTables()) if (!before.has(name)) await connection.run(`DROP TABLE IF EXISTS temp.main.${ident(name)}`);
  }
}

async function materialiseWith(connection: DuckDBConnection, target: string, model: TsModel, context: TsModelContext, columns: [string, string][], sortedBy?: string[]): Promise<void> {
  if (model.sql) {
    const select = await model.sql(context);
    // Nothing to select (e.g. no funnel can be computed on these events): an empty table of the
    // declared columns, as build() returning no rows gives.
    if (!select.trim()) {
      await connection.run(`CREATE OR REPLACE TABLE ${target} (${columns.map(([c, t]) => `${ident(c)} ${t === "ENUM" ? "VARCHAR" : t}`).join(", ")})`);
      return;
    }
    const selected = `SELECT ${columns.map(([c, t]) => (t === "ENUM" ? ident(c) : `CAST(${ident(c)} AS ${t}) AS ${ident(c)}`)).join(", ")} FROM (${select})`;
    await checkEnumColumns(connection, selected, columns);
    await connection.run(`CREATE OR REPLACE TABLE ${target} AS ${sortedSql(selected, sortedBy)}`);
    return;
  }
  const rows = await model.build!(context);
  await connection.run(`CREATE OR REPLACE TABLE ${target} (${columns.map(([c, t]) => `${ident(c)} ${t}`).join(", ")})`);
  await writeRows(connection, target, columns, rows);
}

/**
 * Columns typed "ENUM" come out of the SELECT as text: an ENUM or VARCHAR, nothing else. Checked
 * from the query's types (DESCRIBE binds it without running it), so a wrong type replaces no table.
 */
async function checkEnumColumns(connection: DuckDBConnection, selected: string, columns: [string, string][]): Promise<void> {
  const enums = columns.filter(([, t]) => t === "ENUM").map(([c]) => c);
  if (!enums.length) return;
  const types = new Map((await queryRows(connection, `DESCRIBE ${selected}`)).map((r) => [String(r.column_name), String(r.column_type)]));
  for (const column of enums) {
    const type = types.get(column) ?? "";
    if (!type.startsWith("ENUM(") && type !== "VARCHAR") throw new Error(`column ${column} is declared ENUM, but its SELECT gives ${type}; cast it to an ENUM of its values (or to VARCHAR)`);
  }
}

/**
 * The rows into `target`: each value as text through DuckDB's appender into a temporary table of
 * text columns, then cast to the declared types in one INSERT ... SELECT. A number's text is the
 * shortest that reads back as the same double, so a DOUBLE column gets the number itself and a
 * DECIMAL its digits; a DECIMAL computed exactly arrives as the text the model gives. One INSERT
 * of VALUES per 500 rows instead spent 22 s parsing customer_clv_predictions' 41,353 rows on 5M
 * order lines.
 */
async function writeRows(connection: DuckDBConnection, target: string, columns: [string, string][], rows: Row[]): Promise<void> {
  const declared = new Set(columns.map(([c]) => c));
  for (const [i, row] of rows.entries()) {
    for (const key of Object.keys(row)) {
      if (!declared.has(key)) throw new Error(`row ${i + 1} has a column "${key}" that is not declared in columns`);
    }
  }
  const staging = "ts_model_rows";
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${staging} (${columns.map(([c]) => `${ident(c)} VARCHAR`).join(", ")})`);
  try {
    const appender = await connection.createAppender(staging, "main", "temp");
    for (const row of rows) {
      for (const [c] of columns) {
        const text = valueText(row[c]);
        if (text === null) appender.appendNull();
        else appender.appendVarchar(text);
      }
      appender.endRow();
    }
    appender.closeSync();
    await connection.run(`INSERT INTO ${target} SELECT ${columns.map(([c, t]) => `CAST(${ident(c)} AS ${t})`).join(", ")} FROM temp.main.${staging}`);
  } finally {
    await connection.run(`DROP TABLE IF EXISTS temp.main.${staging}`);
  }
}

/** A value as the text its column's cast reads (null for SQL NULL). */
function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  if (value instanceof Date) return value.toISOString().replace("T", " ").replace("Z", "");
  if (Array.isArray(value) || typeof value === "object") return JSON.stringify(value);
  return String(value);
}
