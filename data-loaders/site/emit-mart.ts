// What every Framework data loader in src/data calls: writes one mart to stdout, as Parquet
// (zstd, as exported by the pipeline) or as JSON for small first-view figures. The loader is
// named after the mart it emits (src/data/<mart>.<format>.ts), which is how sync-loaders knows
// which loader to refresh when a mart changes.
import { createReadStream, existsSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { loadConfig } from "../pipeline/config.ts";
import { openDatabase, queryRows } from "../pipeline/duckdb.ts";
import { UserError } from "../pipeline/errors.ts";
import { martFile } from "../pipeline/export-marts.ts";
import { runPipeline } from "../pipeline/run.ts";

export async function emitMart(name: string, format: "parquet" | "json" = "parquet"): Promise<void> {
  try {
    const config = loadConfig();
    const file = martFile(config.cacheDir, name);
    // `npm run build` and `npm run dev` build the marts first; a bare `observable build` gets them here.
    if (!existsSync(file)) {
      const summary = await runPipeline({ config });
      if (summary.failed) throw new UserError("the pipeline failed; see the messages above");
    }
    if (!existsSync(file)) throw new UserError(`no mart named "${name}" (looked for ${file})`);
    if (format === "parquet") return await pipeline(createReadStream(file), process.stdout);
    process.stdout.write(JSON.stringify(await martRows(file)));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
}

export async function martRows(file: string): Promise<Record<string, unknown>[]> {
  const { instance, connection } = await openDatabase();
  try {
    const rows = await queryRows(connection, `SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonValue(v)])));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Pages get plain JSON: counts as numbers, timestamps as ISO strings. */
function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}
