// A source read from several files (`path` as a list) and/or completed by a joined file with one
// row per key (`join`), as a funnel export with one table per step and a per-user table holding
// the date and device. Each file goes through the same reader as a single-file source (same
// column checks, same file/row/column messages); the joined file is checked the same way and must
// have one row per key, so the source has exactly the rows of its files. A row whose key is not in
// the joined file keeps nulls there (no date: staging flags it missing_time and the ledger counts it).
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SourceConfig } from "../pipeline/config.ts";
import { dropOtherKind, duckdbMessage, ident, literal, queryRows, queryValue } from "../pipeline/duckdb.ts";
import { didYouMean, UserError } from "../pipeline/errors.ts";
import { displayPath } from "../pipeline/paths.ts";
import { stderrLog, type Log } from "../pipeline/progress.ts";
import { canonicalTables } from "./canonical.ts";
import type { SourceJoin } from "./combined-config.ts";
import { findFirstBadValue } from "./diagnose.ts";
import { AmbiguousDatesError, agreeOnDateOrder, detectTimestampFormat, type FolderDates } from "./date-format.ts";
import { dropOtherParts, filePartName, keepsFileParts, keptParts, recordPart, type FilePartKeys, type KeptPart } from "./file-parts.ts";
import type { ColumnBinding } from "./bind-columns.ts";
import { loadFile, sourceTableName } from "./load-source.ts";
import { canonicalValue, readType } from "./exact-values.ts";
import { defaultNullValues, rawFormat, readExpression } from "./raw-file.ts";

/**
 * With `parts` (a pipeline run; not for a source with a joined file), each file's table is kept in
 * the warehouse under a name made of its content (file-parts.ts): a file whose table is there is not
 * read again, and the source is a view over the files' tables unless `asTable` (a step after the
 * read changes the source's rows).
 */
export async function loadCombinedSource(connection: DuckDBConnection, source: SourceConfig, log: Log = stderrLog, parts?: FilePartKeys, asTable = true): Promise<number> {
  const target = sourceTableName(source.table);
  const columns = canonicalTables[source.table].columns;
  const joined = source.join?.columns ?? {};
  const files = source.files ?? [{ path: source.path, constants: {} }];
  const temporary: string[] = [];
  try {
    let expected = 0;
    // Columns the joined file fills are not looked for in the step files.
    const notRead = Object.fromEntries(Object.keys(joined).map((c) => [c, null])) as unknown as Record<string, string>;
    const fileSource = (file: (typeof files)[number], timestampFormat = source.timestampFormat): SourceConfig => ({
      ...source, path: file.path, files: undefined, join: undefined, timestampFormat,
      columns: { ...source.columns, ...notRead },
      constants: { ...source.constants, ...file.constants },
    });
    const keep = parts && keepsFileParts(source);
    const tables = files.map((file, i) => (keep ? filePartName(source.table, parts, file.path, file.constants) : `${target}__file_${i + 1}`));
    if (!keep) temporary.push(...tables);
    const kept = keep ? await keptParts(connection, source.table) : new Map<string, KeptPart>();
    // One date order for the whole folder: a file whose every date reads both ways takes the order
    // another file decided, and files deciding two orders are an error (date-format.ts). A kept
    // file's table says what its dates decided, so the check holds for the files read now.
    const dates: FolderDates = { decided: null };
    const undecided: { index: number; error: AmbiguousDatesError }[] = [];
    let read = 0;
    for (const [i, file] of files.entries()) {
      const known = kept.get(tables[i]);
      if (known) {
        expected += known.rows;
        if (known.detected) dates.decided = agreeOnDateOrder(dates.decided, { format: known.detected, note: "" }, displayPath(file.path));
        continue;
      }
      try {
        dates.detected = undefined;
        const rows = await loadFile(connection, fileSource(file), tables[i], log, dates, keep);
        expected += rows;
        read++;
        if (keep) await recordPart(connection, tables[i], { rows, detected: dates.detected ?? null });
      } catch (error) {
        if (!(error instanceof AmbiguousDatesError) || files.length === 1) throw error;
        undecided.push({ index: i, error });
      }
    }
    // Read with the order another file decided, so never kept: that file may change.
    for (const { index, error } of undecided) {
      if (!dates.decided) throw new UserError(`${error.message}. No other file of the source decides it either`);
      log(`  ${error.file}, column ${error.column}: every date reads both ways; read as "${dates.decided.format}", as ${dates.decided.file} of the same source decided`);
      expected += await loadFile(connection, fileSource(files[index], dates.decided.format), tables[index], log, undefined, keep);
      read++;
    }
    if (keep && files.length > 1) log(`  ${source.table}: ${read} of ${files.length} files read, ${files.length - read} kept from the last build`);
    const stacked = tables.map((t) => `SELECT * FROM ${ident(t)}`).join(" UNION ALL ");
    let select = `SELECT * FROM (${stacked})`;
    if (source.join) {
      const keyed = `${target}__joined`;
      temporary.push(keyed);
      await loadJoinFile(connection, source, source.join, keyed, log);
      const pick = columns.map((c) => (c.name in joined ? `j.${ident(c.name)}` : `f.${ident(c.name)}`));
      select = `SELECT ${pick.join(", ")} FROM (${stacked}) AS f LEFT JOIN ${ident(keyed)} AS j ON f.${ident(source.join.key.column)} = j.join_key`;
    }
    const kind = keep && !asTable ? "view" : "table";
    await dropOtherKind(connection, target, kind);
    await connection.run(`CREATE OR REPLACE ${kind.toUpperCase()} ${ident(target)} AS ${select}`);
    if (keep) await dropOtherParts(connection, source.table, new Set(tables));
    const rows = Number(await queryValue(connection, `SELECT count(*) FROM ${ident(target)}`));
    // The joined file has one row per key, so no file row is lost or repeated.
    if (rows !== expected) throw new Error(`${target}: ${rows} rows from files holding ${expected}`);
    return rows;
  } finally {
    for (const table of temporary) await connection.run(`DROP TABLE IF EXISTS ${ident(table)}`);
  }
}

async function loadJoinFile(connection: DuckDBConnection, source: SourceConfig, join: SourceJoin, table: string, log: Log): Promise<void> {
  const file = displayPath(join.path);
  const canonical = new Map(canonicalTables[source.table].columns.map((c) => [c.name, c]));
  let available: string[];
  try {
    const described = await queryRows(connection, `DESCRIBE SELECT * FROM ${readExpression(join.path, { allVarchar: true })}`);
    available = described.map((row) => String(row.column_name));
  } catch (error) {
    throw new UserError(`${file}: could not be read as ${rawFormat(join.path).toUpperCase()}: ${duckdbMessage(error).split("\n")[0]}`);
  }
  const find = (wanted: string, holds: string) => {
    const raw = available.find((name) => name === wanted) ?? available.find((name) => name.toLowerCase() === wanted.toLowerCase());
    if (!raw) throw new UserError(`${file}: column "${wanted}" is missing (it holds ${holds}, joined in ${source.origin}).${didYouMean(wanted, available)} The file has: ${available.join(", ")}`);
    return raw;
  };
  const keyRaw = find(join.key.raw, `the join key ${source.table}.${join.key.column}`);
  const bindings: ColumnBinding[] = Object.entries(join.columns).map(([name, wanted]) => ({
    column: canonical.get(name)!,
    raw: find(wanted, `${source.table}.${name}`),
  }));
  const keyType = canonical.get(join.key.column)!.type;
  const label = (raw: string) => `${file}, column ${raw}`;
  const select = [`${canonicalValue(keyRaw, keyType, label(keyRaw))} AS join_key`, ...bindings.map((b) => `${canonicalValue(b.raw!, b.column.type, label(b.raw!))} AS ${ident(b.column.name)}`)];
  const attempt = async (format?: string) => {
    const types = Object.fromEntries([[keyRaw, readType(keyType, format)], ...bindings.map((b) => [b.raw!, readType(b.column.type, format)])]);
    try {
      await connection.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select.join(", ")} FROM ${readExpression(join.path, { types, timestampFormat: format, nullValues: source.nullValues ?? defaultNullValues })}`);
      return undefined;
    } catch (error) {
      return error ?? new Error("unknown");
    }
  };
  // The joined file is read without the source's layout, and so is it checked.
  const asSource = { ...source, path: join.path, timestampFormat: join.timestampFormat, layout: undefined };
  const allBindings = [{ column: canonical.get(join.key.column)!, raw: keyRaw }, ...bindings];
  let format = join.timestampFormat;
  let error = await attempt(format);
  // Dates such as 25/12/2010 with no timestamp_format: the format the data decides, stated (date-format.ts).
  const detected = error ? await detectTimestampFormat(connection, asSource, allBindings).catch((e) => { if (e instanceof UserError) throw e; return undefined; }) : undefined;
  if (detected) {
    log(detected.note);
    format = detected.format;
    error = await attempt(format);
  }
  if (error) {
    const bad = await findFirstBadValue(connection, { ...asSource, timestampFormat: format }, allBindings).catch(() => undefined);
    if (bad) throw new UserError(`${file}, row ${bad.row} (line ${bad.row + 1}), column ${bad.rawColumn}: "${bad.value}" is not ${bad.expected} (canonical ${source.table}.${bad.column}). ${bad.count} row(s) like this in the file.`);
    throw new UserError(`${file}: could not be read: ${duckdbMessage(error).split("\n\n")[0]}`);
  }
  if (Number(await queryValue(connection, `SELECT count(*) FROM ${ident(table)}`)) === 0) {
    throw new UserError(`${file}: the file has a header but no data rows (joined in ${source.origin})`);
  }
  // One row per key, or the join would repeat the files' rows: name the key and its rows.
  await connection.run("SET threads = 1");
  try {
    const repeated = await queryRows(connection, `
      SELECT key, string_agg(CAST(source_row AS VARCHAR), ', ' ORDER BY source_row) AS rows, count(*) AS count FROM (
        SELECT row_number() OVER () AS source_row, nullif(trim(CAST(${ident(keyRaw)} AS VARCHAR)), '') AS key
        FROM ${readExpression(join.path, { allVarchar: true })}
      ) WHERE key IS NOT NULL GROUP BY key HAVING count(*) > 1 ORDER BY min(source_row) LIMIT 1`);
    if (repeated.length) {
      const { key, rows, count } = repeated[0];
      throw new UserError(`${file}, rows ${String(rows).split(", ").slice(0, 5).join(", ")}, column ${keyRaw}: ${literal(key)} appears ${Number(count)} times; a joined file needs one row per ${join.key.column}`);
    }
  } finally {
    await connection.run("RESET threads");
  }
}
