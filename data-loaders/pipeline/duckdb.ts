// Thin helpers over @duckdb/node-api: plain JS rows out, identifiers and literals quoted in one place.
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";

export type Row = Record<string, unknown>;

export async function openDatabase(path = ":memory:"): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(path);
  return { instance, connection: await connect(instance) };
}

/** A new connection to an open database, with the session settings every query relies on. */
export async function connect(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  // Reports must not change with the builder's clock or locale.
  await connection.run("SET TimeZone = 'UTC'");
  return connection;
}

/** Sets a session variable that SQL reads with getvariable('name'). */
export function setVariableSql(name: string, value: unknown): string {
  return `SET VARIABLE ${ident(name)} = ${literal(value)}`;
}

export async function queryRows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Row[];
}

export async function queryValue<T = unknown>(connection: DuckDBConnection, sql: string): Promise<T> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowsJS()[0]?.[0] as T;
}

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** DuckDB error text without the trailing advice block, which repeats the reader options. */
export function duckdbMessage(error: unknown): string {
  return String((error as Error).message ?? error).trim();
}
