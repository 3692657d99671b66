// Writes each mart to Parquet (zstd) for the site. Rows are sorted on every column so the same
// input gives byte-identical files whatever order parallel execution produced them in.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ident, literal } from "./duckdb.ts";
import { recordState, type Warehouse } from "./warehouse.ts";

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
    if (warehouse.state.get(key) === hash && existsSync(file)) continue;
    // Write beside the target and rename, so a loader never reads half a file.
    const partial = `${file}.partial`;
    await warehouse.connection.run(`COPY (SELECT * FROM ${ident(name)} ORDER BY ALL) TO ${literal(partial)} (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(partial, file);
    await recordState(warehouse, key, hash);
    written.push(name);
  }
  for (const file of readdirSync(dir)) {
    if (file.endsWith(".parquet") && !keep.has(file.slice(0, -".parquet".length))) rmSync(join(dir, file));
  }
  return written;
}
