// Writes each mart to Parquet (zstd) for the site. Rows are sorted on every column so the same
// input gives byte-identical files whatever order parallel execution produced them in. Money is
// DECIMAL in the warehouse (exact sums) but DOUBLE in the files: Arrow decimals reach the browser
// as scaled integers that Plot, Inputs and Number() misread.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { ident, literal, queryRows } from "./duckdb.ts";
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
  const written: string[] = [];
  for (const [name, hash] of marts) {
    const file = martFile(cacheDir, name);
    const key = `export:${name}`;
    const exportHash = sha256(hash, exportCodeVersion);
    if (warehouse.state.get(key) === exportHash && existsSync(file)) continue;
    // Write beside the target and rename, so a loader never reads half a file.
    const partial = `${file}.partial`;
    const columns = await queryRows(warehouse.connection, `DESCRIBE ${ident(name)}`);
    const select = columns.map(({ column_name, column_type }) => {
      const column = ident(String(column_name));
      return String(column_type).startsWith("DECIMAL") ? `CAST(${column} AS DOUBLE) AS ${column}` : column;
    });
    await warehouse.connection.run(`COPY (SELECT ${select.join(", ")} FROM ${ident(name)} ORDER BY ALL) TO ${literal(partial)} (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(partial, file);
    await recordState(warehouse, key, exportHash);
    written.push(name);
  }
  for (const file of readdirSync(dir)) {
    if (file.endsWith(".parquet") && !keep.has(file.slice(0, -".parquet".length))) rmSync(join(dir, file));
  }
  return written;
}
