// Thin helpers over @duckdb/node-api: plain JS rows out, identifiers and literals quoted in one place,
// and the machine's limits (memory, spill folder) set on every database.
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { totalmem } from "node:os";
import { environmentError, UserError } from "./errors.ts";
import { macroStatements } from "../../src/components/sql-macros.js";

export type Row = Record<string, unknown>;

/**
 * DuckDB's memory limit: ANALYTICS_MEMORY_LIMIT (DuckDB's own notation, e.g. "8GB", "512MB"), else
 * half of the machine's memory (or of the container's limit): DuckDB then spills big sorts,
 * joins and aggregates to disk instead of growing until the system kills the build, and the
 * other half is left to Node, Framework's loaders and the rest of the machine.
 */
export function memoryLimit(env: NodeJS.ProcessEnv = process.env): { limit: string; source: string } {
  const set = env.ANALYTICS_MEMORY_LIMIT?.trim();
  if (set) {
    if (memoryBytes(set) === undefined) throw new UserError(`ANALYTICS_MEMORY_LIMIT="${set}": give an amount such as 8GB or 512MB`);
    return { limit: set.replace(/\s+/g, ""), source: "ANALYTICS_MEMORY_LIMIT" };
  }
  const cgroup = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.() ?? 0;
  const machine = cgroup > 0 ? Math.min(cgroup, totalmem()) : totalmem();
  return { limit: `${Math.max(256, Math.floor(machine / 2 / 2 ** 20))}MiB`, source: "half of this machine's memory; set ANALYTICS_MEMORY_LIMIT to change it" };
}

const memoryUnits: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** Bytes in an amount of memory in DuckDB's notation ("512MB", "1.5GiB"), or undefined when it is not one. */
export function memoryBytes(amount: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.exec(amount.trim());
  return match ? Number(match[1]) * memoryUnits[match[2].toLowerCase()] : undefined;
}

/**
 * The statements that build one model under its own memory limit (a model's `memory_limit` in its
 * YAML) and then give the database its limit back. DuckDB's limit is the whole database's, so the
 * runner builds such a model with no other model beside it; the database's own limit wins when it
 * is the smaller (a small machine, or ANALYTICS_MEMORY_LIMIT).
 */
export function modelMemoryLimitSql(modelLimit: string, env: NodeJS.ProcessEnv = process.env): { before: string; after: string; limit: string; own: boolean } {
  const database = memoryLimit(env).limit;
  const own = memoryBytes(modelLimit)! < memoryBytes(database)!;
  const tighter = own ? modelLimit : database;
  return { before: `SET memory_limit = ${literal(tighter)}`, after: `SET memory_limit = ${literal(database)}`, limit: tighter, own };
}

/**
 * A database file DuckDB creates is written in the newest storage format of the DuckDB this project
 * pins, not the v1.0 format DuckDB picks by default so that older clients can open it. On the default
 * store a cold build takes 14% less time and the warehouse is 31% smaller (strings especially are
 * written faster: 8.6M rows of three text columns in 2.6 s against 3.9 s), and the marts are the same
 * bytes. The cost: a DuckDB client older than 1.5 cannot open the warehouse. A file that already exists
 * keeps the format it was made in (DuckDB cannot convert one in place); `--full-refresh` does not
 * recreate it, deleting it does.
 */
const newestStorage = { storage_compatibility_version: "latest" };

/**
 * Memory DuckDB keeps for its 256 KiB blocks once it has touched it, instead of handing it back to the
 * system and faulting fresh pages in for the next model: a quarter of its memory limit. On this 2-core
 * VM a page fault costs more than the work on the page, and a build allocates and frees blocks model after
 * model: at 1M order lines a cold build took 27.2-30.5 s against 30.7-33.7 s without it (system time 6.0-6.7
 * against 9.0-10.0 s, peak RSS 100-300 MB higher), Online Retail 8.5-8.7 s against 9.4-9.7 s, 5M order lines
 * 127 s against 154 s (peak RSS 4.4 GB against 3.1 GB; a pool of 1 GiB gave 145 s). The kept memory is
 * memory DuckDB used at some point; what it adds to the process is what Node holds beside it later.
 */
export function blockAllocatorMemory(limit: string): string {
  return `${Math.floor(memoryBytes(limit)! / 4 / 2 ** 20)}MiB`;
}

/** The settings of the last database opened, for the out-of-memory message. */
let engine = { path: "", limit: "", source: "", spill: "" };

/**
 * `tempDirectory` is where DuckDB spills what does not fit in memory (ANALYTICS_TEMP_DIR wins,
 * for a bigger or faster disk); without one, an in-memory database keeps DuckDB's default.
 */
export async function openDatabase(path = ":memory:", { tempDirectory }: { tempDirectory?: string } = {}): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const { limit, source } = memoryLimit();
  const spill = process.env.ANALYTICS_TEMP_DIR?.trim() || tempDirectory;
  const instance = await DuckDBInstance.create(path, { memory_limit: limit, block_allocator_memory: blockAllocatorMemory(limit), ...(spill ? { temp_directory: spill } : {}), ...newestStorage });
  if (path !== ":memory:") engine = { path, limit, source, spill: spill ?? "" };
  else engine = { ...engine, limit, source };
  return { instance, connection: await connect(instance) };
}

/** A new connection to an open database, with the session settings every query relies on. */
export async function connect(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  translateMachineErrors(connection);
  // Reports must not change with the builder's clock or locale.
  await connection.run("SET TimeZone = 'UTC'");
  // Formulas the marts share with the pages' in-browser SQL (Wilson bounds, ...).
  for (const statement of macroStatements({ temporary: true })) await connection.run(statement);
  return connection;
}

/**
 * A full disk or a permission error can strike any statement (a model, a source load, a state
 * write, a mart export); translated here, in one place, it reaches the user as one line naming
 * the file and the cause (errors.ts environmentError) wherever it happened, not a stack trace.
 */
function translateMachineErrors(connection: DuckDBConnection): void {
  for (const method of ["run", "runAndReadAll"] as const) {
    const original = connection[method].bind(connection) as (...args: unknown[]) => Promise<unknown>;
    (connection as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      try {
        return await original(...args);
      } catch (error) {
        throw environmentError(error) ?? error;
      }
    };
  }
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

/**
 * A SELECT whose rows come sorted by `columns` (none: the SELECT as it is), for a table written in
 * that order (sorted_by in a model's YAML). Starts on the SELECT's first line, so DuckDB's "LINE n"
 * still matches the model's file.
 */
export function sortedSql(select: string, columns: string[] = []): string {
  return columns.length ? `SELECT * FROM (${select}\n) ORDER BY ${columns.map(ident).join(", ")}` : select;
}

export function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * DuckDB error text without the trailing advice block, which repeats the reader options.
 * `limit`: the limit in force when it is not the database's (a model's own memory_limit).
 */
export function duckdbMessage(error: unknown, limit?: { limit: string; source: string }): string {
  const message = String((error as Error).message ?? error).trim();
  // DuckDB's own text says how much it failed to allocate, not what the limit is or how to move it.
  if (/^Out of Memory Error/i.test(message)) {
    const held = limit ?? engine;
    return `${message.split("\n")[0]} (DuckDB memory limit ${held.limit}: ${held.source}${engine.spill ? `; spill folder ${engine.spill}` : ""})`;
  }
  // Damage found inside a table while reading it (opening the file is checked in warehouse.ts).
  if (/Corrupt database file|checksum .* does not match/i.test(message) && engine.path) {
    return `${message.split("\n")[0]} (the file ${engine.path} is damaged: delete it, or run npm run marts -- --full-refresh, to rebuild it)`;
  }
  return message;
}

/**
 * Drops `name` when the connection's database holds it as the other kind of relation than `kind`:
 * DuckDB replaces a table with a table and a view with a view, not one with the other (a model
 * whose `materialized` changed; a source that became a Parquet file or a folder, or stopped being
 * one). Asks the catalog, so it holds for relations made earlier in the same run.
 */
export async function dropOtherKind(connection: DuckDBConnection, name: string, kind: "table" | "view"): Promise<void> {
  const here = `database_name = current_database() AND schema_name = 'main' AND NOT temporary`;
  const other = kind === "table"
    ? await queryRows(connection, `SELECT 1 FROM duckdb_views() WHERE ${here} AND view_name = ${literal(name)}`)
    : await queryRows(connection, `SELECT 1 FROM duckdb_tables() WHERE ${here} AND table_name = ${literal(name)}`);
  if (other.length) await connection.run(`DROP ${kind === "table" ? "VIEW" : "TABLE"} ${ident(name)}`);
}
