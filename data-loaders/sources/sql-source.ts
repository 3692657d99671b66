// A source that is a DuckDB query over raw files (`sql:` in the config, inline or a .sql file):
// joins, aggregates, constants and unit conversions that one file mapped onto one table cannot
// express, such as an order export plus its payments in cents. The query's columns are named as
// the canonical ones (or mapped with `columns:`), and they get the same checks as a file source:
// a missing column is named with what the query returns, and values pass canonicalValue (never
// rounded). Relative file names in the query are read from the config's folder, and every file it
// names is content-hashed, so editing a raw file rebuilds the source.
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SourceConfig } from "../pipeline/config.ts";
import { duckdbMessage, ident, literal, queryRows } from "../pipeline/duckdb.ts";
import { UserError } from "../pipeline/errors.ts";
import { bindColumns } from "./bind-columns.ts";
import { displayPath } from "../pipeline/paths.ts";
import { canonicalTables } from "./canonical.ts";
import { canonicalValue } from "./exact-values.ts";
import { checkStatuses } from "./order-status.ts";

export interface SqlSource {
  /** The SELECT. */
  text: string;
  /** The .sql file it came from, when not inline. */
  file?: string;
  /** Folder relative file names in the query are read from (the config's). */
  dir: string;
}

/** `sql:` is a path to a .sql file (relative to the config) or the query itself. */
export function sqlSource(value: unknown, base: string, where: string): SqlSource {
  if (typeof value !== "string" || !value.trim()) throw new UserError(`${where}.sql must be a query or the path of a .sql file`);
  if (/\.sql$/i.test(value.trim())) {
    const file = isAbsolute(value.trim()) ? value.trim() : resolve(base, value.trim());
    if (!existsSync(file)) throw new UserError(`${where}.sql: ${displayPath(file)}: file not found`);
    return { text: readFileSync(file, "utf8"), file, dir: base };
  }
  return { text: value, dir: base };
}

/** The files a query names in quotes ('raw_orders.csv', read_csv('x.csv.gz', ...)) that exist. */
export function sqlSourceFiles(sql: SqlSource): string[] {
  const named = [...sql.text.matchAll(/'([^']+\.(?:csv|tsv|txt|parquet|json|jsonl|ndjson)(?:\.gz|\.zst)?)'/gi)].map((m) => resolve(sql.dir, m[1]));
  return [...new Set([...(sql.file ? [sql.file] : []), ...named.filter((path) => existsSync(path) && statSync(path).isFile())])].sort();
}

export async function loadSqlSource(connection: DuckDBConnection, source: SourceConfig & { sql: SqlSource }, table: string): Promise<number> {
  const where = source.sql.file ? displayPath(source.sql.file) : `${source.origin}.sql`;
  const query = source.sql.text.trim().replace(/;\s*$/, "");
  await connection.run(`SET file_search_path = ${literal(source.sql.dir)}`);
  try {
    let available: { name: string; type: string }[];
    try {
      available = (await queryRows(connection, `DESCRIBE SELECT * FROM (${query})`)).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    } catch (error) {
      throw new UserError(`${where}: the query failed: ${duckdbMessage(error).split("\n")[0]}`);
    }
    const bindings = bindColumns(source, canonicalTables[source.table], available.map((c) => c.name), {
      defaultName: (column) => column.name,
      where,
      missing: (wanted, column) => `the query has no column "${wanted}" (it holds ${source.table}.${column.name})`,
      holds: "The query returns",
    });
    const select = bindings.map(({ column, raw, constant }) => {
      if (raw === null) return `CAST(${constant === undefined ? "NULL" : literal(constant)} AS ${column.type}) AS ${ident(column.name)}`;
      const rawType = available.find((c) => c.name === raw)?.type;
      return `${canonicalValue(raw, column.type, `${where}, column ${raw}`, rawType)} AS ${ident(column.name)}`;
    });
    try {
      await connection.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select.join(", ")} FROM (${query})`);
    } catch (error) {
      throw new UserError(`${where}: ${duckdbMessage(error).split("\n")[0]}`);
    }
    const rows = Number((await queryRows(connection, `SELECT count(*) AS n FROM ${ident(table)}`))[0].n);
    if (rows === 0) throw new UserError(`${where}: the query returns no rows`);
    if (source.status) await checkStatuses(connection, table, source.status, `${where}: the query's result`, source.origin, 0);
    return rows;
  } finally {
    await connection.run("RESET file_search_path");
  }
}
