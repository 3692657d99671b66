// The built marts as the browser tests read them: what a page states is checked against these.
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";

const cacheDir = loadConfig().cacheDir;

/** A mart of the default config as a relation to query. */
export const mart = (name: string) => `read_parquet('${martFile(cacheDir, name)}')`;

/** Runs a query (over `mart(...)` relations) in a throwaway DuckDB. */
export async function martQuery(sql: string): Promise<Row[]> {
  const { instance, connection } = await openDatabase();
  try {
    return await queryRows(connection, sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
