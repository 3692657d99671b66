// The warehouse is a DuckDB file per config (.cache/<name>/warehouse.duckdb). It keeps every
// model's table between runs, which is what makes unchanged models free, and lets analysts
// query any model with the DuckDB CLI. DuckDB allows one writer per file: a second build waits.
// Being a cache, a file that cannot be opened or read is set aside and rebuilt, said in one line;
// big sorts and joins spill into <cache>/spill under the memory limit (duckdb.ts).
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { duckdbMessage, ident, literal, openDatabase, queryRows } from "./duckdb.ts";
import { UserError } from "./errors.ts";
import { displayPath } from "./paths.ts";
import type { Log } from "./progress.ts";

export const stateTable = "_pipeline_state";

export interface Warehouse {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  path: string;
  /** name -> content hash recorded when the table was last built. */
  state: Map<string, string>;
  /** Per model, what the models that read it name it by and its rows' fingerprint, when known (State). */
  readAs: Map<string, string>;
  fingerprints: Map<string, string>;
  /** Every table and view (models materialized as views are views). */
  tables: Set<string>;
  views: Set<string>;
  close(): void;
}

/** The warehouse file of a config's cache folder. */
export const warehouseFile = (cacheDir: string) => join(cacheDir, "warehouse.duckdb");

export async function openWarehouse(cacheDir: string, log: Log, waitMs = 600_000): Promise<Warehouse> {
  mkdirSync(cacheDir, { recursive: true });
  const path = warehouseFile(cacheDir);
  const started = Date.now();
  let warned = false;
  let setAside = false;
  for (;;) {
    let opened: Awaited<ReturnType<typeof openDatabase>> | undefined;
    try {
      opened = await openDatabase(path, { tempDirectory: join(cacheDir, "spill") });
      const { instance, connection } = opened;
      await connection.run(`CREATE TABLE IF NOT EXISTS ${stateTable} (name VARCHAR PRIMARY KEY, hash VARCHAR, read_as VARCHAR, fingerprint VARCHAR)`);
      // A warehouse from before early cutoff has neither: its models are read as their hash.
      for (const column of ["read_as", "fingerprint"]) await connection.run(`ALTER TABLE ${stateTable} ADD COLUMN IF NOT EXISTS ${column} VARCHAR`);
      const stateRows = await queryRows(connection, `SELECT name, hash, read_as, fingerprint FROM ${stateTable}`);
      const state = new Map(stateRows.map((r) => [String(r.name), String(r.hash)]));
      const readAs = new Map(stateRows.filter((r) => r.read_as !== null).map((r) => [String(r.name), String(r.read_as)]));
      const fingerprints = new Map(stateRows.filter((r) => r.fingerprint !== null).map((r) => [String(r.name), String(r.fingerprint)]));
      const tables = new Set((await queryRows(connection, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary")).map((r) => String(r.table_name)));
      const views = await viewNames(connection);
      for (const view of views) tables.add(view);
      return { instance, connection, path, state, readAs, fingerprints, tables, views, close: () => { connection.closeSync(); instance.closeSync(); } };
    } catch (error) {
      if (opened) {
        opened.connection.closeSync();
        opened.instance.closeSync();
      }
      if (error instanceof UserError) throw error; // a full disk or a permission error: one line, already said
      const message = duckdbMessage(error);
      if (damaged(message) && !setAside) {
        // The warehouse is a cache of what the sources, seeds and models give: rebuilt, not repaired.
        const aside = setAsideDamaged(path);
        log(`warehouse ${displayPath(path)} could not be read (${message.split("\n")[0]}): set aside as ${displayPath(aside)}; rebuilding it from the sources`);
        setAside = true;
        continue;
      }
      const locked = /lock/i.test(message);
      if (!locked) throw new UserError(`warehouse ${displayPath(path)}: ${message.split("\n")[0]}`);
      if (Date.now() - started > waitMs) throw new UserError(`warehouse ${displayPath(path)} is still locked by another build after ${Math.round(waitMs / 1000)} s`);
      if (!warned) log(`  waiting for another build to release ${path}`);
      warned = true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * DuckDB's words for a file that is not (or no longer) a readable database: truncated by a full
 * disk or a killed copy, overwritten, written by an incompatible DuckDB, or a write-ahead log
 * that cannot be replayed.
 */
export function damaged(message: string): boolean {
  return /not a valid DuckDB database file|Could not read enough bytes|Corrupt database file|checksum|Serialization Error|INTERNAL Error|replaying WAL|database file with version number|older storage version|newer version of DuckDB|malformed|not a DuckDB/i.test(message);
}

/** Renames the damaged file (and its write-ahead log) to <file>.damaged-<n>; returns the new name. */
function setAsideDamaged(path: string): string {
  let n = 1;
  while (existsSync(`${path}.damaged-${n}`)) n++;
  const aside = `${path}.damaged-${n}`;
  renameSync(path, aside);
  if (existsSync(`${path}.wal`)) renameSync(`${path}.wal`, `${aside}.wal`);
  return aside;
}

export async function recordState(warehouse: Warehouse, name: string, hash: string): Promise<void> {
  await recordStates(warehouse, [[name, hash]]);
}

/**
 * A table's state: its name and hash and, for a model, what the models that read it name it by in
 * their hashes (`readAs`: its hash, or the hash of an earlier build with the same rows; none means
 * its hash) and its rows' fingerprint when it was taken (fingerprint.ts). See run.ts, early cutoff.
 */
export type State = [name: string, hash: string, readAs?: string, fingerprint?: string];

/**
 * Many states in one statement: each statement is a commit to the warehouse file's log, which
 * cost about 6 ms of CPU apiece here (200 one-row commits: 1.2 s; one 200-row commit: 19 ms).
 */
export async function recordStates(warehouse: Warehouse, entries: State[]): Promise<void> {
  if (!entries.length) return;
  const value = (text?: string) => (text === undefined ? "NULL" : literal(text));
  await warehouse.connection.run(`INSERT OR REPLACE INTO ${stateTable} (name, hash, read_as, fingerprint) VALUES ${entries.map(([name, hash, readAs, fingerprint]) => `(${literal(name)}, ${literal(hash)}, ${value(readAs)}, ${value(fingerprint)})`).join(", ")}`);
  for (const [name, hash, readAs, fingerprint] of entries) {
    warehouse.state.set(name, hash);
    setOrDelete(warehouse.readAs, name, readAs);
    setOrDelete(warehouse.fingerprints, name, fingerprint);
  }
}

function setOrDelete(map: Map<string, string>, key: string, value?: string): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}

/** Forgets the states of tables about to be rebuilt, in one statement. */
export async function forgetStates(warehouse: Warehouse, names: string[]): Promise<void> {
  const known = names.filter((name) => warehouse.state.has(name));
  if (!known.length) return;
  await warehouse.connection.run(`DELETE FROM ${stateTable} WHERE name IN (${known.map(literal).join(", ")})`);
  for (const name of known) for (const map of [warehouse.state, warehouse.readAs, warehouse.fingerprints]) map.delete(name);
}

/** Drops tables (and views) of models, seeds or sources that no longer exist, so nothing can read a ghost. */
export async function dropUnknownTables(warehouse: Warehouse, known: Set<string>): Promise<void> {
  for (const table of warehouse.tables) {
    if (table === stateTable || known.has(table)) continue;
    await warehouse.connection.run(`DROP ${warehouse.views.has(table) ? "VIEW" : "TABLE"} IF EXISTS ${ident(table)}`);
    await forgetStates(warehouse, [table]);
  }
}

async function viewNames(connection: DuckDBConnection): Promise<Set<string>> {
  return new Set((await queryRows(connection, "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary")).map((r) => String(r.view_name)));
}
