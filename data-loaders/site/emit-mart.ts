// What every Framework data loader in src/data calls: writes one mart to stdout, as Parquet
// (zstd, as exported by the pipeline) or as JSON for small first-view figures. The loader is
// named after the mart it emits (src/data/<mart>.<format>.ts), which is how sync-loaders knows
// which loader to refresh when a mart changes. `npm run build` runs the loaders itself, many in
// one process (prerender-loaders.ts): there the output goes to a file and an error is thrown.
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { loadConfig } from "../pipeline/config.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import { openDatabase, queryRows } from "../pipeline/duckdb.ts";
import { UserError } from "../pipeline/errors.ts";
import { martFile } from "../pipeline/export-marts.ts";
import { runPipeline } from "../pipeline/run.ts";

/**
 * `format`: "parquet" (the file as exported), "json" (an array of row objects) or "rows" (compact
 * JSON: {columns, rows} with each row an array, for the larger files, where the repeated keys were
 * most of the bytes; pages expand it with src/components/compact-rows.js).
 */
export async function emitMart(name: string, format: "parquet" | "json" | "rows" = "parquet"): Promise<void> {
  await emitting(async () => {
    const config = loadConfig();
    const file = martFile(config.cacheDir, name);
    // `npm run build` and `npm run dev` build the marts first; a bare `observable build` gets them here.
    if (!existsSync(file)) {
      const summary = await runPipeline({ config });
      if (summary.failed) throw new UserError("the pipeline failed; see the messages above");
    }
    if (!existsSync(file)) throw new UserError(`no mart named "${name}" (looked for ${file})`);
    if (format === "parquet") return await output(createReadStream(file));
    const rows = await martRows(file);
    await output(JSON.stringify(format === "rows" ? compactRows(rows) : rows));
  });
}

/**
 * A small first-view summary computed at build time from marts: each mart in `marts` is a view
 * named after it, each query in `parts` becomes one key of the emitted JSON object (rows as
 * plain JSON, as for a JSON mart). The loader is named <mart>.<summary>.json.ts after the mart
 * whose change must refresh it.
 */
export async function emitSummary(marts: string[], parts: Record<string, string>, { compact = false }: { compact?: boolean } = {}): Promise<void> {
  await emitting(() => withMartViews(marts, async (connection) => {
    const out: Record<string, unknown> = {};
    for (const [part, sql] of Object.entries(parts)) {
      const rows = (await queryRows(connection, sql)).map(jsonRow);
      out[part] = compact ? compactRows(rows) : rows;
    }
    await output(JSON.stringify(out));
  }));
}

/**
 * One query over marts (each a view named after it, as for emitSummary) as a Parquet file (zstd),
 * for a part of a mart a page reads on demand with readParquet (lazy-database.js): a few times
 * smaller than its JSON. The loader is named <mart>.<part>.parquet.ts.
 */
export async function emitQueryParquet(marts: string[], sql: string): Promise<void> {
  await emitting(() => withMartViews(marts, async (connection) => {
    const dir = mkdtempSync(join(tmpdir(), "emit-parquet-"));
    try {
      const file = join(dir, "part.parquet");
      await connection.run(`COPY (${sql}) TO '${file.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`);
      await output(readFileSync(file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }));
}

/** Runs `work` on a connection where each of `marts` is a view of its Parquet file (building the marts first when missing). */
async function withMartViews(marts: string[], work: (connection: DuckDBConnection) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const files = marts.map((name) => martFile(config.cacheDir, name));
  if (files.some((file) => !existsSync(file))) {
    const summary = await runPipeline({ config });
    if (summary.failed) throw new UserError("the pipeline failed; see the messages above");
  }
  const missing = marts.filter((_, i) => !existsSync(files[i]));
  if (missing.length) throw new UserError(`no mart named ${missing.map((m) => `"${m}"`).join(", ")} (looked in ${martsDirOf(files[0])})`);
  const { instance, connection } = await openDatabase();
  try {
    for (const [i, name] of marts.entries()) await connection.run(`CREATE VIEW "${name}" AS SELECT * FROM read_parquet('${files[i].replaceAll("'", "''")}')`);
    await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A loader whose output is computed some other way (the model catalog): `value` as JSON. */
export async function emitJson(value: () => Promise<unknown>): Promise<void> {
  await emitting(async () => output(JSON.stringify(await value())));
}

// Where the running loader's output goes: stdout when Framework runs it, a file when
// prerender-loaders.ts does.
let destination: string | null = null;

/** Sends what the next loader emits to `file` (null: back to stdout); prerender-loaders.ts only. */
export function emitInto(file: string | null): void {
  destination = file;
}

async function output(data: string | Buffer | Readable): Promise<void> {
  if (typeof data === "string" || Buffer.isBuffer(data)) {
    if (destination) writeFileSync(destination, data);
    else process.stdout.write(data);
  } else await pipeline(data, destination ? createWriteStream(destination) : process.stdout);
}

/** A user's error is one line and exit 1 under Framework; prerender-loaders.ts gets it thrown. */
async function emitting(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof UserError) || destination) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
}

const martsDirOf = (file: string) => file.slice(0, file.lastIndexOf("/"));

/** Rows as {columns, rows: [[...]]}: the keys once, not once per row. */
export function compactRows(rows: Record<string, unknown>[]): { columns: string[]; rows: unknown[][] } {
  const columns = rows.length ? Object.keys(rows[0]) : [];
  return { columns, rows: rows.map((row) => columns.map((c) => row[c])) };
}
const jsonRow = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonValue(v)]));

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
