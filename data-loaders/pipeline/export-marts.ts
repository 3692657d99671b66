// Writes each mart to Parquet (zstd) for the site. Rows are sorted on every column so the same
// input gives byte-identical files whatever order parallel execution produced them in (or on the
// leading columns alone when the data tests just proved them unique: the same order, cheaper; or not
// at all when the table is stored in that order, sorted_by in its YAML). Money is
// DECIMAL in the warehouse (exact sums) but DOUBLE in the files: Arrow decimals reach the browser
// as scaled integers that Plot, Inputs and Number() misread.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { connect, duckdbMessage, ident, literal, queryRows } from "./duckdb.ts";
import { environmentError, UserError } from "./errors.ts";
import { sha256 } from "./hashing.ts";
import { silentLog, type Log } from "./progress.ts";
import { cleanLeftovers, stagingDir, swapIntoPlace } from "./swap-folder.ts";
import { recordStates, type Warehouse } from "./warehouse.ts";

// A change to how marts are written (this file) must rewrite them even when no model changed.
const exportCodeVersion = sha256(readFileSync(fileURLToPath(import.meta.url)));

export function martsDir(cacheDir: string): string {
  return join(cacheDir, "marts");
}

export function martFile(cacheDir: string, name: string): string {
  return join(martsDir(cacheDir), `${name}.parquet`);
}

/**
 * `marts` maps each mart to export to its content hash; `keep` names every mart the project has,
 * so that files of deleted marts are removed but a partial (--select) run keeps the others.
 *
 * The folder changes as one set: the new set is written beside it (marts.building-<pid>, the
 * marts that did not change hard-linked in, not copied) and swapped in by rename (swap-folder.ts),
 * so a run that dies while exporting (out of memory, a full disk, killed) leaves the last good set
 * whole, never some marts new and others old. The run calls this only when it succeeded.
 */
export async function exportMarts(warehouse: Warehouse, cacheDir: string, marts: Map<string, string>, keep: Set<string>, log: Log = silentLog, uniqueKeys: Map<string, string[][]> = new Map(), sortedBy: Map<string, string[]> = new Map()): Promise<string[]> {
  const dir = martsDir(cacheDir);
  // The warehouse's lock makes this run the folder's only writer: what a killed run left is stale.
  cleanLeftovers(dir, log, "marts");
  mkdirSync(dir, { recursive: true });
  const stale = [...marts].filter(([name, hash]) => warehouse.state.get(`export:${name}`) !== exportHash(hash) || !existsSync(martFile(cacheDir, name)));
  const current = readdirSync(dir).filter((file) => file.endsWith(".parquet"));
  const gone = current.filter((file) => !keep.has(file.slice(0, -".parquet".length)));
  // Nothing to change (a no-op rebuild): no new folder.
  if (!stale.length && !gone.length) return [];
  const staging = stagingDir(dir);
  mkdirSync(staging);
  try {
    const rewritten = new Set(stale.map(([name]) => `${name}.parquet`));
    for (const file of current) if (!rewritten.has(file) && !gone.includes(file)) linkOrCopy(join(dir, file), join(staging, file));
    // Most marts are small, so a COPY is mostly fixed cost; two connections overlap those costs.
    const queue = [...stale];
    const workers = await Promise.all([0, 1].map(() => connect(warehouse.instance)));
    try {
      await Promise.all(workers.map(async (connection) => {
        for (let next = queue.shift(); next; next = queue.shift()) await writeMart(connection, join(staging, `${next[0]}.parquet`), next[0], uniqueKeys.get(next[0]) ?? [], sortedBy.get(next[0]) ?? []);
      }));
    } finally {
      for (const connection of workers) connection.closeSync();
    }
    swapIntoPlace(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  // Recorded once the new set is in place: a run that died before has its marts written again.
  await recordStates(warehouse, stale.map(([name, hash]) => [`export:${name}`, exportHash(hash)]));
  return stale.map(([name]) => name);
}

/** A hard link where the file system allows one (no bytes copied), else a copy. */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function exportHash(martHash: string): string {
  return sha256(martHash, exportCodeVersion);
}

/**
 * The ORDER BY of a mart's export: every column (ORDER BY ALL), or only its first k columns when
 * one of `uniqueKeys` (column sets the data tests proved unique) is exactly those k. Rows that
 * differ in their first k columns are ordered by them under ORDER BY ALL too, so the file is the
 * same byte for byte; the sort just compares fewer keys (funnel_events at 5M order lines: 8.5M
 * rows exported in 4.4 s against 5.8 s). A key with a DECIMAL column (`rounded`: written as DOUBLE,
 * where two decimals may become one double) does not count. Nothing (no sort) when the table is
 * stored sorted by those columns first (`sortedBy`): DuckDB's COPY of one table keeps its order,
 * so the file is the same without the sort (funnel_events at 5M order lines: 0.74-0.88 s against
 * 1.02-1.28 s).
 */
export function exportOrderBy(columns: string[], uniqueKeys: string[][], rounded: Set<string> = new Set(), sortedBy: string[] = []): string {
  const leading = uniqueKeys
    .filter((key) => key.length < columns.length && new Set(key).size === key.length && key.every((c) => columns.slice(0, key.length).includes(c) && !rounded.has(c)))
    .sort((a, b) => a.length - b.length)[0];
  const order = columns.slice(0, leading?.length ?? columns.length);
  if (order.every((c, i) => sortedBy[i] === c)) return "";
  return leading ? `ORDER BY ${order.map(ident).join(", ")}` : "ORDER BY ALL";
}

/**
 * Writes mart `name` to `file`, in the new set's folder (nothing reads it before the swap). The
 * report benchmarks time it on its own (perf/report-bench.ts).
 */
export async function writeMart(connection: DuckDBConnection, file: string, name: string, uniqueKeys: string[][], sortedBy: string[] = []): Promise<void> {
  const columns = await queryRows(connection, `DESCRIBE ${ident(name)}`);
  const { rows, wholeMilliseconds } = await rowsAndWholeMilliseconds(connection, name, columns.filter((c) => c.column_type === "TIMESTAMP").map((c) => String(c.column_name)));
  const select = columns.map(({ column_name, column_type }) => {
    const column = ident(String(column_name));
    if (String(column_type).startsWith("DECIMAL")) return `CAST(${column} AS DOUBLE) AS ${column}`;
    if (wholeMilliseconds.has(String(column_name))) return `CAST(${column} AS TIMESTAMP_MS) AS ${column}`;
    return column;
  });
  const types = columns.map(({ column_type }) => String(column_type));
  try {
    const decimals = new Set(columns.filter((c) => String(c.column_type).startsWith("DECIMAL")).map((c) => String(c.column_name)));
    const orderBy = exportOrderBy(columns.map((c) => String(c.column_name)), uniqueKeys, decimals, sortedBy);
    await connection.run(`COPY (SELECT ${select.join(", ")} FROM ${ident(name)} ${orderBy}) TO ${literal(file)} (${parquetWriteOptions(types, rows)})`);
  } catch (error) {
    // A full disk is already one line (duckdb.ts); out of memory gets the mart's name beside the limit.
    if (error instanceof UserError) throw error;
    throw environmentError(error) ?? new UserError(`mart ${name}: exporting it to Parquet failed: ${duckdbMessage(error)}`);
  }
}

/**
 * The mart's row count, and the TIMESTAMP columns whose every value is a whole millisecond (the
 * generated and most exported event times are whole seconds), in one scan of the mart. Those
 * columns are written in Parquet's millisecond unit, which loses nothing and makes their
 * delta-encoded pages about 10% smaller (funnel_events: -200 KB); DuckDB reads them back as
 * TIMESTAMP and the site's reader hands DuckDB-wasm microseconds, as before.
 */
async function rowsAndWholeMilliseconds(connection: DuckDBConnection, name: string, timestamps: string[]): Promise<{ rows: number; wholeMilliseconds: Set<string> }> {
  const checks = timestamps.map((column, i) => `coalesce(bool_and(epoch_us(${ident(column)}) % 1000 = 0), true) AS c${i}`);
  const [row] = await queryRows(connection, `SELECT ${["count(*) AS n", ...checks].join(", ")} FROM ${ident(name)}`);
  return { rows: Number(row.n), wholeMilliseconds: new Set(timestamps.filter((_, i) => row[`c${i}`] === true)) };
}

/**
 * COPY options for a mart with these column types (DECIMAL columns are written as DOUBLE). The
 * files are the bulk of the published site (issue 16: dist/ at most 45 MB), so they are written
 * for size; measured on the default store, the 13 Parquet marts the site ships went from 7.45 MB to
 * 5.81 MB (with the millisecond timestamps above). Parquet v2 pages store integer and
 * timestamp columns with DELTA_BINARY_PACKED (funnel_events' event times, sorted within a user:
 * -16%), and dictionaries over 16 KB give way to delta encodings (sorted keys); but v2 writes
 * DOUBLE columns with BYTE_STREAM_SPLIT, which zstd compresses worse than plain doubles (money,
 * days: +40% on attribution_journey_touches), so a mart with a DOUBLE stays on v1 pages. One
 * row group per mart of up to a million rows keeps one dictionary per column; zstd level 9 costs little time at
 * these sizes (a bigger mart is written at level 3, below). hyparquet (the site's reader) and DuckDB read every one of these encodings.
 */
export function parquetWriteOptions(columnTypes: string[], rows = 0): string {
  const hasDouble = columnTypes.some((type) => type === "DOUBLE" || type === "FLOAT" || type.startsWith("DECIMAL"));
  // One row group for a mart of up to a million rows (the size of anything the site ships); a
  // bigger mart keeps DuckDB's default groups, since the writer holds a whole group in memory and
  // a million-row group of a wide mart does not fit a tight memory limit (it cannot spill).
  // Past that size zstd's level 9 costs more time than it saves bytes: funnel_events at 5M order
  // lines (8.5M rows) is written in 2.3 s at level 3 against 4.2 s at 9, 51.0 MB against 49.7 MB.
  const small = rows <= 1048576;
  const options = ["FORMAT parquet", "COMPRESSION zstd", `COMPRESSION_LEVEL ${small ? 9 : 3}`, ...(small ? ["ROW_GROUP_SIZE 1048576"] : [])];
  if (!hasDouble) options.push("PARQUET_VERSION v2", "DICTIONARY_SIZE_LIMIT 16384");
  return options.join(", ");
}
