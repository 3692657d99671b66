// Loads one configured raw file into its canonical table `src_<table>`. Fast path: one typed read
// by DuckDB. When that fails, a slower diagnostic pass finds the first bad row so that the error
// names file, row and column instead of repeating DuckDB's reader options.
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { dsvFormat } from "d3-dsv";
import type { SourceConfig } from "../pipeline/config.ts";
import { dropOtherKind, duckdbMessage, ident, literal, queryRows, queryValue } from "../pipeline/duckdb.ts";
import { UserError } from "../pipeline/errors.ts";
import { displayPath } from "../pipeline/paths.ts";
import { stderrLog, type Log } from "../pipeline/progress.ts";
import { canonicalTables, type CanonicalTable, type CanonicalTableName } from "./canonical.ts";
import { bindColumns, type ColumnBinding } from "./bind-columns.ts";
import { loadCombinedSource } from "./combined-source.ts";
import { specialFileKind } from "./expand-path.ts";
import { findFirstBadValue } from "./diagnose.ts";
import { agreeOnDateOrder, detectTimestampFormat, type FolderDates } from "./date-format.ts";
import { fillInvoiceIds } from "./invoice-ids.ts";
import { presets } from "./presets.ts";
import { metricDefinitionsSql, outcomesExpression } from "./experiment-outcomes.ts";
import { loadSqlSource, sqlSourceFiles } from "./sql-source.ts";
import { addRefundLines, applyStatuses, checkStatuses, fillOrderLevel } from "./order-status.ts";
import { keyedHashSql } from "./pseudonym.ts";
import type { FilePartKeys } from "./file-parts.ts";
import { canonicalValue, readType } from "./exact-values.ts";
import { defaultNullValues, nestedColumns, nestedName, rawFormat, readExpression } from "./raw-file.ts";

export const sourceTableName = (table: CanonicalTableName) => `src_${table}`;

export type { ColumnBinding };

/** Creates an empty canonical table: an unconfigured source still gives models a table to read. */
export async function createEmptySource(connection: DuckDBConnection, table: CanonicalTable): Promise<void> {
  const columns = table.columns.map((c) => `${ident(c.name)} ${c.type}`).join(", ");
  await dropOtherKind(connection, sourceTableName(table.name), "table");
  await connection.run(`CREATE OR REPLACE TABLE ${ident(sourceTableName(table.name))} (${columns})`);
}

/** Every raw file a source reads: its file or files, then the file it joins. */
export function sourcePaths(source: SourceConfig): string[] {
  if (source.metricDefinitions) return [];
  if (source.sql) return sqlSourceFiles(source.sql);
  return [...(source.files?.map((f) => f.path) ?? [source.path]), ...(source.join ? [source.join.path] : [])];
}

/** Checked before the files are hashed or read, so the first message is the useful one. */
export function assertReadable(source: SourceConfig): void {
  for (const path of sourcePaths(source)) {
    const file = displayPath(path);
    if (!existsSync(path)) throw new UserError(`${file}: file not found (configured in ${source.origin})`);
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UserError(`${file}: is a folder, not a file (configured in ${source.origin}); a folder or a glob such as exports/*.csv can be the whole path, not an entry of a list`);
    // A named pipe, socket or device has size 0 and would read as an empty file, or block.
    if (!stat.isFile()) throw new UserError(`${file}: is ${specialFileKind(stat)}, not a regular file (configured in ${source.origin}); copy the data into a file and point the source at it`);
    if (stat.size === 0) throw new UserError(`${file}: the file is empty (configured in ${source.origin})`);
    if (startsJsonArray(path)) throw new UserError(`${file}: holds one JSON array; a JSON source is JSON lines, one object per line (configured in ${source.origin}). Convert it with: jq -c '.[]' ${file} > ${file.replace(/\.json$/, "")}.jsonl`);
  }
}

/** Whether an uncompressed JSON source begins (after white space) with "[", a JSON array rather than JSON lines. */
function startsJsonArray(path: string): boolean {
  if (!/\.(json|jsonl|ndjson)$/.test(path)) return false;
  const head = Buffer.alloc(256);
  const fd = openSync(path, "r");
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    return /^\s*\[/.test(head.subarray(0, read).toString("utf8").replace(/^\uFEFF/, ""));
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a configured source into `src_<table>`. With `parts` (a pipeline run), a folder's files are
 * kept one table each and only new or changed files are read (file-parts.ts).
 */
export async function loadSource(connection: DuckDBConnection, source: SourceConfig, log: Log = stderrLog, parts?: FilePartKeys): Promise<number> {
  assertReadable(source);
  source.pseudonym?.key(); // a missing key is named before the file is read
  const table = sourceTableName(source.table);
  const combined = Boolean(source.files || source.join);
  // A source read through a view may have left one of that name.
  if (source.sql || source.metricDefinitions) await dropOtherKind(connection, table, "table");
  if (source.metricDefinitions) {
    await connection.run(metricDefinitionsSql(source.metricDefinitions, table));
    return source.metricDefinitions.length;
  }
  const rows = source.sql
    ? await loadSqlSource(connection, { ...source, sql: source.sql }, table)
    : combined
      ? await loadCombinedSource(connection, source, log, parts, changesRowsAfterRead(source))
      : await loadFile(connection, source, table, log, undefined, !changesRowsAfterRead(source));
  if (source.table === "order_lines") await checkOrderLineAmounts(connection, source, table);
  if (source.invoiceIdRule) await fillInvoiceIds(connection, table, source.invoiceIdRule);
  // The table holds the rows in file order (DuckDB keeps insertion order), so rowid is the line's place.
  if (source.numberLines) await connection.run(`UPDATE ${ident(table)} SET line_number = rowid + 1`);
  // Last: a returned order's credit-note twins take its invoice id and line numbers.
  if (source.status) await applyStatuses(connection, table, source.status);
  if (mapsRefunds(source)) await addRefundLines(connection, table);
  return rows;
}

/** Whether a step after the read below updates or adds rows, so the source must be a table (not a view over its files' tables). */
function changesRowsAfterRead(source: SourceConfig): boolean {
  return Boolean(source.invoiceIdRule || source.numberLines || source.status || mapsRefunds(source));
}

/** Only a source that maps a refunded amount can have refunds to add (skips a group-by on every other export). */
function mapsRefunds(source: SourceConfig): boolean {
  return source.table === "order_lines" && Boolean(source.columns.refunded_amount ?? presets.order_lines[source.preset]?.columns.refunded_amount);
}

/** Passes a UserError on (a message for the user); anything else means "could not tell". */
function onlyUserErrors(error: unknown): undefined {
  if (error instanceof UserError) throw error;
  return undefined;
}

/** Order lines need a price: a unit price, a line total or both; a mapping giving neither is named once. */
async function checkOrderLineAmounts(connection: DuckDBConnection, source: SourceConfig, table: string): Promise<void> {
  const priced = Number(await queryValue(connection, `SELECT count(*) FROM ${ident(table)} WHERE unit_price IS NOT NULL OR line_total IS NOT NULL`));
  if (priced === 0) {
    throw new UserError(`${displayPath(source.path)}: no row has a unit price or a line total (configured in ${source.origin}): map columns.unit_price to the price per unit, or columns.line_total to the line's amount (the unit price is then derived)`);
  }
}

/**
 * Reads one raw file (source.path) into `table` with the source's mapping; returns its rows. With
 * `dates`, the file is one of a folder's: a date order it detects must agree with the one the
 * files before it decided (combined-source.ts), and is recorded there.
 */
export async function loadFile(connection: DuckDBConnection, source: SourceConfig, table: string, log: Log = stderrLog, dates?: FolderDates, asView = false): Promise<number> {
  const file = displayPath(source.path);
  const target = ident(table);
  const orderLevel = presets[source.table][source.preset].orderLevel;
  // A Parquet file is read where it lies, through a view, unless a step below changes the rows:
  // copying it into the warehouse cost more than all else the source does (at 5M order lines,
  // 8.5M events: 7.3-8.0 s to write the table, 0.7-0.9 s to read every value through the view).
  // Never with a pseudonym: the view's SQL, kept in the warehouse, would hold the secret key.
  const kind = asView && rawFormat(source.path) === "parquet" && !orderLevel && !source.pseudonym ? "view" : "table";
  const create = async (reading: SourceConfig, bindings: ColumnBinding[]) => {
    await dropOtherKind(connection, table, kind);
    await connection.run(sourceLoadSql(reading, bindings, table, await rawColumnTypes(connection, reading), kind));
    // Every value read once, as the copy did: a value its column's check refuses fails here, not in a model.
    if (kind === "view") await connection.run(`SELECT count(*), bit_xor(hash(v)) FROM ${target} AS v`);
  };
  // Fast path: the header is as the preset spells it, so no separate look at the file is needed.
  try {
    await create(source, mappedBindings(source));
  } catch {
    // Slow path: read the header, report missing columns, accept the file's own letter case,
    // then try again; if values fail to parse, find the first bad one.
    const bindings = await bindFileColumns(connection, source, canonicalTables[source.table]);
    const attempt = async (reading: SourceConfig) => {
      try {
        await create(reading, bindings);
        return undefined;
      } catch (error) {
        return error ?? new Error("unknown");
      }
    };
    let reading = source;
    let error = await attempt(reading);
    // Time stamps such as 25/01/2011 with no timestamp_format: the format the data decides, stated (never guessed).
    const detected = error ? await detectTimestampFormat(connection, source, bindings).catch(onlyUserErrors) : undefined;
    if (detected) {
      log(detected.note);
      if (dates) {
        dates.decided = agreeOnDateOrder(dates.decided, detected, file);
        dates.detected = detected.format;
      }
      reading = { ...source, timestampFormat: detected.format };
      error = await attempt(reading);
    }
    if (error) {
      const bad = await findFirstBadValue(connection, reading, bindings).catch(() => undefined);
      const how = detected && bad?.expected === "a date-time" ? ` as "${detected.format}", the format the other rows have` : "";
      if (bad) throw new UserError(`${file}, row ${bad.row}${lineOf(source, bad.row)}, column ${bad.rawColumn}: "${bad.value}" is not ${bad.expected}${how} (canonical ${source.table}.${bad.column}). ${bad.count} row(s) like this in the file.`);
      throw new UserError(`${file}: could not be read: ${duckdbMessage(error).split("\n\n")[0]}`);
    }
  }
  const rows = Number(await queryValue(connection, `SELECT count(*) FROM ${target}`));
  if (rows === 0) throw new UserError(`${file}: the file has a header but no data rows (configured in ${source.origin})`);
  if (orderLevel) await fillOrderLevel(connection, table, orderLevel);
  if (source.status) await checkStatuses(connection, table, source.status, file, source.origin, headerLines(source));
  return rows;
}

/** " (line N)" for data row `row` of a text file; nothing for Parquet, which has no lines. */
function lineOf(source: SourceConfig, row: number): string {
  return rawFormat(source.path) === "parquet" ? "" : ` (line ${row + headerLines(source)})`;
}

/** Lines before the first data row, so that row N is line N + this (0 for Parquet: no lines to name; JSON lines have no header). */
function headerLines(source: SourceConfig): number {
  if (rawFormat(source.path) !== "csv") return 0;
  const layout = source.layout ?? {};
  const header = layout.delimiter === "whitespace" ? layout.header === true : layout.header !== false;
  return (header ? 1 : 0) + (layout.skip ?? 0);
}

/** The one statement that reads the raw file into its canonical table, or a view reading it (also used by the benchmark). */
export function sourceLoadSql(source: SourceConfig, bindings = mappedBindings(source), table = sourceTableName(source.table), rawTypes: Record<string, string> = {}, kind: "table" | "view" = "table"): string {
  const csvTypes = Object.fromEntries(bindings.filter((b) => b.raw).map((b) => [b.raw!, readType(b.column.type, source.timestampFormat)]));
  const nullValues = source.nullValues ?? defaultNullValues;
  const format = rawFormat(source.path);
  const reader = readExpression(source.path, { types: csvTypes, timestampFormat: source.timestampFormat, nullValues, layout: source.layout, nested: nestedColumns(bindings, format) });
  // A CSV reader turns the null texts into nulls itself. Parquet and JSON carry real nulls, so their
  // text columns are checked only when the source lists null_values: the check costs about as much
  // as reading those columns (measured on the default store's events).
  const textNulls = format === "csv" ? undefined : source.nullValues;
  // A CSV column's type is the one it is read as; a Parquet file's types are its own; a JSON
  // field's type is sniffed, so its value is always checked.
  const typeOf = (raw: string) => (format === "parquet" ? rawTypes[raw] : format === "csv" ? csvTypes[raw] : undefined);
  return `CREATE OR REPLACE ${kind.toUpperCase()} ${ident(table)} AS SELECT ${bindings.map((b) => selectExpression(b, source, textNulls, b.raw ? typeOf(b.raw) : undefined)).join(", ")} FROM ${reader}`;
}

/** A Parquet file's column types (from its footer, without reading the data); {} for CSV. */
export async function rawColumnTypes(connection: DuckDBConnection, source: SourceConfig): Promise<Record<string, string>> {
  if (rawFormat(source.path) !== "parquet") return {};
  try {
    const rows = await queryRows(connection, `DESCRIBE SELECT * FROM ${readExpression(source.path)}`);
    return Object.fromEntries(rows.map((row) => [String(row.column_name), String(row.column_type)]));
  } catch {
    return {}; // the load itself reports an unreadable file
  }
}

/** Raw column names as the preset and config spell them, before looking at the file. */
function mappedBindings(source: SourceConfig): ColumnBinding[] {
  const preset = presets[source.table][source.preset];
  return canonicalTables[source.table].columns.map((column) => {
    // A constant in the config wins over the preset's column.
    if (source.constants && column.name in source.constants) return { column, raw: null, constant: source.constants[column.name] };
    const raw = column.name in source.columns ? source.columns[column.name] : preset.columns[column.name];
    return { column, raw: raw ?? null, transform: preset.transforms?.[column.name] };
  });
}

async function bindFileColumns(connection: DuckDBConnection, source: SourceConfig, table: CanonicalTable): Promise<ColumnBinding[]> {
  const file = displayPath(source.path);
  const preset = presets[source.table][source.preset];
  let available: string[];
  try {
    const described = await queryRows(connection, `DESCRIBE SELECT * FROM ${readExpression(source.path, { allVarchar: true, layout: source.layout })}`);
    available = described.map((row) => String(row.column_name));
  } catch (error) {
    const message = duckdbMessage(error);
    throw new UserError(unreadableText(file, source, message) ?? overLongLine(file, source, message) ?? `${file}: could not be read as ${rawFormat(source.path).toUpperCase()}: ${message.split("\n")[0]}`);
  }
  // One column whose name holds the separators, or another number of columns than the header
  // line has: DuckDB's sniffer gave up on the file or took a row for the header, most often
  // because a row has another number of fields than the header. Name that row.
  const headerLine = source.layout ? undefined : firstLine(source.path);
  const headerFields = headerLine === undefined ? undefined : headerDelimiter(headerLine).fields;
  if ((available.length === 1 || (headerFields !== undefined && headerFields !== available.length)) && !source.layout?.delimiter && rawFormat(source.path) !== "parquet") {
    const ragged = await findRaggedRow(connection, source.path, headerLine ?? available[0]);
    if (ragged) throw new UserError(`${file}, line ${ragged.line}: ${ragged.found} fields where the header has ${ragged.expected} ("${ragged.delimiter === "\t" ? "tab" : ragged.delimiter}"-separated): a ragged row, ${JSON.stringify(ragged.text)}. Fix the row (a missing field, or an unquoted "${ragged.delimiter}" inside a value) (configured in ${source.origin})`);
  }
  if (source.outcomes) outcomesExpression(source.outcomes, file, available); // names a missing outcome column
  // JSON lines: a nested field ("event_properties.$revenue") is there when its object is.
  if (rawFormat(source.path) === "json") {
    const wanted = table.columns.map((c) => (c.name in source.columns ? source.columns[c.name] : preset.columns[c.name])).filter((raw): raw is string => !!raw);
    available = [...available, ...wanted.filter((raw) => !available.includes(raw) && nestedName(raw) && available.includes(nestedName(raw)!.head))];
  }
  return bindColumns(source, table, available, {
    defaultName: (column) => preset.columns[column.name],
    transform: (column) => preset.transforms?.[column.name],
    where: file,
    missing: (wanted, column) => `column "${wanted}" is missing (it holds ${source.table}.${column.name}, preset ${source.preset})`,
    holds: "The file has",
  });
}

function selectExpression({ column, raw, transform, constant }: ColumnBinding, source: SourceConfig, textNulls?: string[], rawType?: string): string {
  if (column.name === "outcomes" && source.outcomes) return `${outcomesExpression(source.outcomes, displayPath(source.path))} AS ${ident(column.name)}`;
  if (raw === null) return `CAST(${constant === undefined ? "NULL" : literal(constant)} AS ${column.type}) AS ${ident(column.name)}`;
  let value =
    transform === "epoch_us"
      ? `make_timestamp(CAST(${ident(raw)} AS BIGINT))`
      : canonicalValue(raw, column.type, `${displayPath(source.path)}, column ${raw}`, rawType, { scale: source.scale?.[column.name], timestampFormat: source.timestampFormat });
  if (textNulls?.length && column.type === "VARCHAR") {
    // The length test first: most values are longer than every null text and skip the list.
    const longest = Math.max(...textNulls.map((t) => t.length));
    value = `CASE WHEN strlen(${value}) <= ${longest} AND ${value} IN (${textNulls.map(literal).join(", ")}) THEN NULL ELSE ${value} END`;
  }
  if (transform === "keyed_hash") value = keyedHashSql(value, (source.pseudonym ?? { key: () => { throw new Error("keyed_hash without a pseudonym key"); } }).key());
  const cancelledAt = presets[source.table][source.preset].cancelledAt;
  if (column.name === "status" && cancelledAt) value = `CASE WHEN nullif(trim(CAST(${ident(cancelledAt)} AS VARCHAR)), '') IS NOT NULL THEN 'cancelled' ELSE ${value} END`;
  if (transform === "float_id") value = `CASE WHEN suffix(${value}, '.0') THEN left(${value}, -2) ELSE ${value} END`;
  const preset = presets[source.table][source.preset];
  const fallback = preset.fallbacks?.[column.name];
  if (fallback) value = `coalesce(nullif(trim(${value}), ''), CAST(${ident(fallback)} AS VARCHAR))`;
  if (transform === "per_user" || transform === "session_ms") {
    const user = preset.sessionOwner ?? source.columns.user_id ?? preset.columns.user_id;
    if (user) value = `CAST(${ident(user)} AS VARCHAR) || '-' || ${value}`;
    if (transform === "session_ms") value = `CASE WHEN CAST(${ident(raw)} AS VARCHAR) = '-1' THEN NULL ELSE ${value} END`;
  }
  return `${value} AS ${ident(column.name)}`;
}

/** A text file DuckDB could not decode: the line and the encodings to try, or undefined for another cause. */
function unreadableText(file: string, source: SourceConfig, message: string): string | undefined {
  if (!/not utf-8 encoded|invalid unicode/i.test(message)) return undefined;
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  return `${file}${line ? `, line ${line}` : ""}: the text is not UTF-8 (configured in ${source.origin}). Files from older systems and spreadsheets are often Latin-1: add encoding: latin-1 to the source (or encoding: utf-16)`;
}

/** A line longer than DuckDB's reader takes (2,000,000 bytes): its size and its start, to find it by. */
function overLongLine(file: string, source: SourceConfig, message: string): string | undefined {
  const size = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes/.exec(message);
  if (!size) return undefined;
  const start = (/Original Line: (.*)/.exec(message)?.[1] ?? "").slice(0, 60);
  const bytes = (n: string) => Number(n).toLocaleString("en-US");
  return `${file}: a line of ${bytes(size[2])} bytes, over the ${bytes(size[1])} a line may have (configured in ${source.origin}); it starts "${start}...". A field that long is most often a quote opened and never closed, or a file that is not a CSV export`;
}

/** The file's first line (without a byte-order mark), for a plain text file; undefined for a compressed one. */
function firstLine(path: string): string | undefined {
  if (!/\.(csv|tsv|txt)$/i.test(path)) return undefined;
  const buffer = Buffer.alloc(65536);
  const fd = openSync(path, "r");
  try {
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, read).toString("utf8").replace(/^\ufeff/, "");
    const end = text.indexOf("\n");
    return end < 0 ? undefined : text.slice(0, end).replace(/\r$/, "");
  } finally {
    closeSync(fd);
  }
}

/** The separator that splits a header line into the most fields, quotes respected ("Price, GBP" is one field). */
function headerDelimiter(header: string): { d: string; fields: number } {
  return [",", ";", "\t", "|"].map((d) => ({ d, fields: dsvFormat(d).parseRows(header)[0]?.length ?? 0 })).sort((a, b) => b.fields - a.fields)[0];
}

interface RaggedRow {
  line: number;
  expected: number;
  found: number;
  delimiter: string;
  text: string;
}

/** Reads the file with the header's own separator and no guessing, so that DuckDB names the first row with another number of fields. */
async function findRaggedRow(connection: DuckDBConnection, path: string, header: string): Promise<RaggedRow | undefined> {
  const delimiter = headerDelimiter(header);
  if (delimiter.fields < 2) return undefined;
  const columns = Array.from({ length: delimiter.fields }, (_, i) => `${literal(`c${i}`)}: 'VARCHAR'`).join(", ");
  try {
    await connection.run(`SELECT count(*) FROM read_csv(${literal(path)}, header = true, delim = ${literal(delimiter.d)}, quote = '"', escape = '"', auto_detect = false, columns = {${columns}})`);
    return undefined;
  } catch (error) {
    const message = duckdbMessage(error);
    const line = /CSV Error on Line: (\d+)/.exec(message);
    const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
    if (!line || !counts) return undefined;
    const text = /Original Line: (.*)/.exec(message)?.[1] ?? "";
    return { line: Number(line[1]), expected: Number(counts[1]), found: Number(counts[2]), delimiter: delimiter.d, text: text.length > 120 ? `${text.slice(0, 117)}...` : text };
  }
}
