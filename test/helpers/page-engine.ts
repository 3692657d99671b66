// The pages' engine in Node: DuckDB-wasm 1.29 (DuckDB 1.1, the version Framework ships), its
// blocking Node build, with the site's macros defined as the pages define them. Tests run the
// pages' SQL here because the browser's DuckDB may plan and answer differently from the pipeline's.
import { join } from "node:path";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { macroStatements } from "../../src/components/sql-macros.js";

export const duckdbWasmDist = join(projectRoot, "node_modules", "@duckdb", "duckdb-wasm", "dist");

/**
 * A connection to a fresh DuckDB-wasm database with the site's macros. `ehModule`: the "eh" build's
 * .wasm file to run (the package's by default; the site's pruned one to compare it with).
 */
export async function openPageEngine({ ehModule = join(duckdbWasmDist, "duckdb-eh.wasm") }: { ehModule?: string } = {}) {
  const duckdb = await import("@duckdb/duckdb-wasm/blocking");
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: join(duckdbWasmDist, "duckdb-mvp.wasm"), mainWorker: join(duckdbWasmDist, "duckdb-node-mvp.worker.cjs") },
      eh: { mainModule: ehModule, mainWorker: join(duckdbWasmDist, "duckdb-node-eh.worker.cjs") },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  const connection = db.connect();
  for (const statement of macroStatements()) connection.query(statement);
  return connection;
}

/** Rows of a DuckDB-wasm result as plain objects, BIGINT values as numbers (as the pages' plainRows). */
export function plainWasmRows(result: { toArray(): { toJSON(): Record<string, unknown> }[] }): Record<string, unknown>[] {
  return result.toArray().map((row) => Object.fromEntries(Object.entries(row.toJSON()).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
}
