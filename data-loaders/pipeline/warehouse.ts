// The warehouse is a DuckDB file per config (.cache/<name>/warehouse.duckdb). It keeps every
// model's table between runs, which is what makes unchanged models free, and lets analysts
// query any model with the DuckDB CLI. DuckDB allows one writer per file: a second build waits.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { ident, literal, openDatabase, queryRows } from "./duckdb.ts";
import type { Log } from "./progress.ts";

export const stateTable = "_pipeline_state";

export interface Warehouse {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  path: string;
  /** name -> content hash recorded when the table was last built. */
  state: Map<string, string>;
  tables: Set<string>;
  close(): void;
}

export async function openWarehouse(cacheDir: string, log: Log, waitMs = 600_000): Promise<Warehouse> {
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, "warehouse.duckdb");
  const started = Date.now();
  let warned = false;
  for (;;) {
    try {
      const { instance, connection } = await openDatabase(path);
      await connection.run(`CREATE TABLE IF NOT EXISTS ${stateTable} (name VARCHAR PRIMARY KEY, hash VARCHAR)`);
      const state = new Map((await queryRows(connection, `SELECT name, hash FROM ${stateTable}`)).map((r) => [String(r.name), String(r.hash)]));
      const tables = new Set((await queryRows(connection, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary")).map((r) => String(r.table_name)));
      return { instance, connection, path, state, tables, close: () => { connection.closeSync(); instance.closeSync(); } };
    } catch (error) {
      const locked = /lock/i.test(String((error as Error).message));
      if (!locked || Date.now() - started > waitMs) throw error;
      if (!warned) log(`  waiting for another build to release ${path}`);
      warned = true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export async function recordState(warehouse: Warehouse, name: string, hash: string): Promise<void> {
  await warehouse.connection.run(`INSERT OR REPLACE INTO ${stateTable} VALUES (${literal(name)}, ${literal(hash)})`);
  warehouse.state.set(name, hash);
}

export async function forgetState(warehouse: Warehouse, name: string): Promise<void> {
  await warehouse.connection.run(`DELETE FROM ${stateTable} WHERE name = ${literal(name)}`);
  warehouse.state.delete(name);
}

/** Drops tables of models, seeds or sources that no longer exist, so nothing can read a ghost. */
export async function dropUnknownTables(warehouse: Warehouse, known: Set<string>): Promise<void> {
  for (const table of warehouse.tables) {
    if (table === stateTable || known.has(table)) continue;
    await warehouse.connection.run(`DROP TABLE IF EXISTS ${ident(table)}`);
    await forgetState(warehouse, table);
  }
}
