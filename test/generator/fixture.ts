// A generated store in a temporary folder, read back through DuckDB as the published files.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateStore, type GenerateOptions } from "../../data-loaders/generator/index.ts";

export interface Store {
  dir: string;
  /** ground_truth.json as written to disk (not the returned object: the file is the contract). */
  truth: any;
  /** Rows of a query as plain objects; BIGINT and DECIMAL values become numbers. */
  query<T = Record<string, any>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export const TABLES = ["order_lines", "customers", "events", "experiment_assignments"] as const;

export async function generateTestStore(options: Omit<GenerateOptions, "outDir"> = {}): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), "store-test-"));
  await generateStore({ ...options, outDir: dir });
  const truth = JSON.parse(readFileSync(join(dir, "ground_truth.json"), "utf8"));
  const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  const connection: DuckDBConnection = await instance.connect();
  for (const table of TABLES) {
    await connection.run(`CREATE VIEW ${table} AS SELECT * FROM read_parquet('${join(dir, `${table}.parquet`)}')`);
  }
  return {
    dir,
    truth,
    async query<T>(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])),
      ) as T[];
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
