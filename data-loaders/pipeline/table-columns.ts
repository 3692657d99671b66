// The columns and DuckDB types of every table in the warehouse after a run, written beside the
// marts (.cache/<config>/table-columns.json) so that the models page can show each model's
// columns without opening the warehouse (DuckDB allows one writer, and a build may hold it).
import { existsSync, readFileSync } from "node:fs";
import { writeFileNamed } from "./errors.ts";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "./duckdb.ts";

export type TableColumns = Record<string, { name: string; type: string }[]>;

export function tableColumnsFile(cacheDir: string): string {
  return join(cacheDir, "table-columns.json");
}

export async function writeTableColumns(connection: DuckDBConnection, cacheDir: string): Promise<void> {
  const rows = await queryRows(connection, `SELECT table_name, column_name, data_type FROM duckdb_columns()
    WHERE schema_name = 'main' AND NOT internal AND table_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY table_name, column_index`);
  const tables: TableColumns = {};
  for (const row of rows) (tables[String(row.table_name)] ??= []).push({ name: String(row.column_name), type: shownType(String(row.data_type)) });
  writeFileNamed(tableColumnsFile(cacheDir), JSON.stringify(tables, null, 1));
}

/**
 * An ENUM's type lists every value (funnel_events' pages: thousands), so the models page shows
 * how many: ENUM('a', 'b') as "ENUM (2 values)", also inside a list type (ENUM(...)[]).
 */
export function shownType(type: string): string {
  return type.replace(/ENUM\(((?:'(?:[^']|'')*'(?:, )?)*)\)/g, (_, values: string) => {
    const count = values.match(/'(?:[^']|'')*'/g)?.length ?? 0;
    return `ENUM (${count.toLocaleString("en-US")} ${count === 1 ? "value" : "values"})`;
  });
}

/** Empty before the first run. */
export function readTableColumns(cacheDir: string): TableColumns {
  const file = tableColumnsFile(cacheDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as TableColumns) : {};
}
