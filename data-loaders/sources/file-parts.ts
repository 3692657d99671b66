// The files of a folder source (exports/*.csv, a folder of monthly files) kept one relation per
// file in the warehouse, named after the file's content and the source's settings, so that a rebuild
// after a new month arrives reads that month's file only: a table for a text file, a view for a
// Parquet file (read where it lies, see loadFile). Writing a table costs about as much as reading
// the file (at 5M order lines, 8.5M events: 6.9 s to read the Parquet file into a table, 6.5-6.7 s
// to copy the table), so the source itself is a view stacking the files' relations in file order
// rather than one more copy, unless a step after the read changes its rows (see loadSource), which
// needs a table.
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, literal, queryRows } from "../pipeline/duckdb.ts";
import { sha256 } from "../pipeline/hashing.ts";
import type { SourceConfig } from "../pipeline/config.ts";

/** Every file relation's name starts so; the source's table name follows, then a hash. */
export const filePartPrefix = "_srcfile__";

/** One row per file relation read on its own: its rows and the date order it decided, if any. */
export const filePartsTable = "_source_files";

/** What a pipeline run knows of a folder source's files, to name each file's table. */
export interface FilePartKeys {
  /** The file's content hash (the same one the source's step hash is made of). */
  fileHash(path: string): string;
  /** A hash of what else decides a file's rows: DuckDB's and the readers' versions, the source's settings without its file list. */
  settings: string;
}

/** A kept file table: its rows, and the date order its own dates decided (null: none was needed). */
export interface KeptPart {
  rows: number;
  detected: string | null;
}

/**
 * The path is part of the name: a Parquet file's relation is a view reading that path, so two files
 * of the same content (or a file renamed) must not share one.
 */
export const filePartName = (table: string, keys: FilePartKeys, path: string, constants: Record<string, unknown>): string =>
  `${filePartPrefix}${table}__${sha256(keys.settings, path, keys.fileHash(path), JSON.stringify(constants)).slice(0, 20)}`;

/** Whether a source keeps a relation per file: several files (a folder, a glob, a list) and no joined file. */
export const keepsFileParts = (source: SourceConfig): boolean => Boolean(source.files && !source.join);

/** Whether a warehouse relation is a file relation of canonical table `table`. */
export const isFilePartOf = (name: string, table: string): boolean => name.startsWith(`${filePartPrefix}${table}__`);

async function ensurePartsTable(connection: DuckDBConnection): Promise<void> {
  await connection.run(`CREATE TABLE IF NOT EXISTS ${filePartsTable} (part VARCHAR PRIMARY KEY, rows BIGINT NOT NULL, detected VARCHAR)`);
}

/** The warehouse's own tables and views. */
const relations = "(SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT temporary AND NOT internal)";

/** The file relations of `table` that exist with their record (one without is not trusted, and read again). */
export async function keptParts(connection: DuckDBConnection, table: string): Promise<Map<string, KeptPart>> {
  await ensurePartsTable(connection);
  const rows = await queryRows(connection, `SELECT p.part, p.rows, p.detected FROM ${filePartsTable} AS p
    WHERE starts_with(p.part, ${literal(`${filePartPrefix}${table}__`)}) AND p.part IN ${relations}`);
  return new Map(rows.map((r) => [String(r.part), { rows: Number(r.rows), detected: r.detected === null ? null : String(r.detected) }]));
}

/** Records a file relation just made, after it: a run that dies between the two leaves one the next run reads again. */
export async function recordPart(connection: DuckDBConnection, part: string, kept: KeptPart): Promise<void> {
  await connection.run(`INSERT OR REPLACE INTO ${filePartsTable} VALUES (${literal(part)}, ${kept.rows}, ${kept.detected === null ? "NULL" : literal(kept.detected)})`);
}

/** Drops the file relations of `table` other than `keep`, their records, and records left without a relation. */
export async function dropOtherParts(connection: DuckDBConnection, table: string, keep: Set<string>): Promise<void> {
  const prefix = literal(`${filePartPrefix}${table}__`);
  const tables = await queryRows(connection, `SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary AND starts_with(table_name, ${prefix})`);
  const views = await queryRows(connection, `SELECT view_name AS name FROM duckdb_views() WHERE schema_name = 'main' AND NOT temporary AND starts_with(view_name, ${prefix})`);
  for (const [kind, found] of [["TABLE", tables], ["VIEW", views]] as const) {
    for (const { name } of found) if (!keep.has(String(name))) await connection.run(`DROP ${kind} ${ident(String(name))}`);
  }
  await ensurePartsTable(connection);
  await connection.run(`DELETE FROM ${filePartsTable} WHERE part NOT IN ${relations}`);
}
