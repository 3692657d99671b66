// Writes each mart to Parquet (zstd) for the site. Rows are sorted on every column so the same
// input gives byte-identical files whatever order parallel execution produced them in. Money is
// DECIMAL in the warehouse (exact sums) but DOUBLE in the files: Arrow decimals reach the browser
// as scaled integers that Plot, Inputs and Number() misread.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { connect, ident, literal, queryRows } from "./duckdb.ts";
import { sha256 } from "./hashing.ts";
import { recordState, type Warehouse } from "./warehouse.ts";

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
 */
export async function exportMarts(warehouse: Warehouse, cacheDir: string, marts: Map<string, string>, keep: Set<string>): Promise<string[]> {
  const dir = martsDir(cacheDir);
  mkdirSync(dir, { recursive: true });
  const stale = [...marts].filter(([name, hash]) => warehouse.state.get(`export:${name}`) !== exportHash(hash) || !existsSync(martFile(cacheDir, name)));
  // Most marts are small, so a COPY is mostly fixed cost; two connections overlap those costs.
  const queue = [...stale];
  const workers = await Promise.all([0, 1].map(() => connect(warehouse.instance)));
  try {
    await Promise.all(workers.map(async (connection) => {
      for (let next = queue.shift(); next; next = queue.shift()) await writeMart(connection, cacheDir, next[0]);
    }));
  } finally {
    for (const connection of workers) connection.closeSync();
  }
  for (const [name, hash] of stale) await recordState(warehouse, `export:${name}`, exportHash(hash));
  const written = stale.map(([name]) => name);
  for (const file of readdirSync(dir)) {
    if (file.endsWith(".parquet") && !keep.has(file.slice(0, -".parquet".length))) rmSync(join(dir, file));
  }
  return written;
}

function exportHash(martHash: string): string {
  return sha256(martHash, exportCodeVersion);
}

async function writeMart(connection: DuckDBConnection, cacheDir: string, name: string): Promise<void> {
  const file = martFile(cacheDir, name);
  // Write beside the target and rename, so a loader never reads half a file.
  const partial = `${file}.partial`;
  const columns = await queryRows(connection, `DESCRIBE ${ident(name)}`);
  const select = columns.map(({ column_name, column_type }) => {
    const column = ident(String(column_name));
    return String(column_type).startsWith("DECIMAL") ? `CAST(${column} AS DOUBLE) AS ${column}` : column;
  });
  await connection.run(`COPY (SELECT ${select.join(", ")} FROM ${ident(name)} ORDER BY ALL) TO ${literal(partial)} (FORMAT parquet, COMPRESSION zstd)`);
  renameSync(partial, file);
}
