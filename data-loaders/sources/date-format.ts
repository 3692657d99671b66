// A time stamp column written as text in a non-ISO way (03/04/2011 10:00) when the source gives no
// timestamp_format. Day-first and month-first read the same text as two dates, so the format is
// never guessed: it is taken from the data only when the data decides it (a day over 12 reads one
// way alone), and stated; when every value reads both ways the build stops and names the file,
// column, example values and the option to set. A column mixing both orders is an error too.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SourceConfig } from "../pipeline/config.ts";
import { ident, literal, queryRows } from "../pipeline/duckdb.ts";
import { UserError } from "../pipeline/errors.ts";
import { displayPath } from "../pipeline/paths.ts";
import type { ColumnBinding } from "./bind-columns.ts";
import { textReader } from "./diagnose.ts";

export interface DetectedFormat {
  format: string;
  /** One line for stderr: which column, which format, and the value that decided it. */
  note: string;
}

/**
 * Every date of the file reads both ways. In a folder of files another file may decide the order
 * (combined-source.ts): the files of one source are one export, written one way.
 */
export class AmbiguousDatesError extends UserError {
  constructor(message: string, readonly file: string, readonly column: string) {
    super(message);
  }
}

/** The date order a file of a folder source decided, and which file. */
export interface DecidedOrder {
  format: string;
  file: string;
}

/** The date order the files of one folder source decided so far (null: none yet). */
export interface FolderDates {
  decided: DecidedOrder | null;
  /** The format the file read last detected in its own dates (undefined: it needed none), set by loadFile. */
  detected?: string;
}

/**
 * One date order for all the files of a source: the files read before decided `decided` (null:
 * none yet), this file decided `detected`. Two different orders are an error naming both files.
 */
export function agreeOnDateOrder(decided: DecidedOrder | null, detected: DetectedFormat, file: string): DecidedOrder {
  if (!decided) return { format: detected.format, file };
  if (decided.format === detected.format) return decided;
  throw new UserError(`${file} reads its dates as "${detected.format}" but ${decided.file}, of the same source, as "${decided.format}": the files mix two date orders (see the lines above for the rows that decided each). Fix the files, or set timestamp_format on the source to the order most files use`);
}

/** d/m/Y-looking text: day-or-month, separator, day-or-month, year, optional H:M[:S]. */
const numericDate = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:([ T])\d{1,2}:\d{2}(:\d{2})?)?$/;
/** Y/m/d with a separator ISO does not use (2011/01/02): only one reading. */
const yearFirst = /^(\d{4})([/.])\d{1,2}\2\d{1,2}(?:([ T])\d{1,2}:\d{2}(:\d{2})?)?$/;

/** The strptime formats a value's shape allows: [day-first, month-first], or one for year-first. */
export function candidateFormats(value: string): string[] {
  const time = (sep?: string, seconds?: string) => (sep ? `${sep}%H:%M${seconds ? ":%S" : ""}` : "");
  const ymd = yearFirst.exec(value);
  if (ymd) return [`%Y${ymd[2]}%m${ymd[2]}%d${time(ymd[3], ymd[4])}`];
  const dmy = numericDate.exec(value);
  if (!dmy) return [];
  const [, , sep, , year, timeSep, seconds] = dmy;
  const y = year.length === 4 ? "%Y" : "%y";
  return [`%d${sep}%m${sep}${y}${time(timeSep, seconds)}`, `%m${sep}%d${sep}${y}${time(timeSep, seconds)}`];
}

/**
 * The format of the first text time stamp column that is not ISO, when the values decide it;
 * undefined when no column needs one or the values fit no day/month shape (the caller then names
 * the first bad value). Throws when the values read both ways or mix the two orders.
 */
export async function detectTimestampFormat(connection: DuckDBConnection, source: SourceConfig, bindings: ColumnBinding[]): Promise<DetectedFormat | undefined> {
  if (source.timestampFormat) return undefined;
  const file = displayPath(source.path);
  const reader = textReader(source);
  const columns = bindings.filter((b) => b.raw && b.column.type === "TIMESTAMP" && !b.transform);
  // Row numbers follow file order only when the scan is not split across threads.
  await connection.run("SET threads = 1");
  try {
    for (const { raw } of columns) {
      const value = `nullif(trim(CAST(${ident(raw!)} AS VARCHAR)), '')`;
      const values = `(SELECT source_row, ${value} AS value FROM ${reader} WHERE ${value} IS NOT NULL)`;
      const first = await queryRows(connection, `SELECT value FROM ${values} WHERE TRY_CAST(value AS TIMESTAMPTZ) IS NULL ORDER BY source_row LIMIT 1`);
      if (!first.length) continue;
      const formats = candidateFormats(String(first[0].value));
      if (!formats.length) return undefined;
      const where = `${file}, column ${raw}`;
      if (formats.length === 1) {
        return { format: formats[0], note: `  ${where}: time stamps read as "${formats[0]}" (year first, as in "${first[0].value}"); set timestamp_format on the source to make it explicit` };
      }
      const [dayFirst, monthFirst] = formats;
      const parsed = `(SELECT source_row, value, try_strptime(value, ${literal(dayFirst)}) AS d, try_strptime(value, ${literal(monthFirst)}) AS m FROM ${values})`;
      const [counts] = await queryRows(connection, `
        SELECT count(d) AS d, count(m) AS m,
          count(*) FILTER (WHERE d IS NOT NULL AND m IS NULL) AS only_d, arg_min(value, source_row) FILTER (WHERE d IS NOT NULL AND m IS NULL) AS only_d_value, min(source_row) FILTER (WHERE d IS NOT NULL AND m IS NULL) AS only_d_row,
          count(*) FILTER (WHERE m IS NOT NULL AND d IS NULL) AS only_m, arg_min(value, source_row) FILTER (WHERE m IS NOT NULL AND d IS NULL) AS only_m_value, min(source_row) FILTER (WHERE m IS NOT NULL AND d IS NULL) AS only_m_row
        FROM ${parsed}`);
      const onlyD = Number(counts.only_d);
      const onlyM = Number(counts.only_m);
      if (onlyD > 0 && onlyM > 0) {
        throw new UserError(`${where}: the dates mix two orders: row ${counts.only_d_row} "${counts.only_d_value}" is day first (${dayFirst}), row ${counts.only_m_row} "${counts.only_m_value}" is month first (${monthFirst}); ${onlyD} row(s) read only day first and ${onlyM} only month first. Fix the file, or set timestamp_format on the source to the order most rows use (configured in ${source.origin})`);
      }
      if (onlyD > 0 || onlyM > 0) {
        const [format, order, row, example] = onlyD > 0 ? [dayFirst, "day first", counts.only_d_row, counts.only_d_value] : [monthFirst, "month first", counts.only_m_row, counts.only_m_value];
        return { format, note: `  ${where}: time stamps read as "${format}" (${order}: row ${row} "${example}" reads no other way); set timestamp_format on the source to make it explicit` };
      }
      if (Number(counts.d) === 0) return undefined; // the shape matched no value as a date: the caller names the first bad one
      // Every value that reads as a date reads both ways: name two that give different dates.
      const examples = await queryRows(connection, `
        SELECT arg_min(value, source_row) AS value, strftime(any_value(d), '%-d %B %Y') AS as_d, strftime(any_value(m), '%-d %B %Y') AS as_m FROM ${parsed}
        WHERE CAST(d AS DATE) <> CAST(m AS DATE) GROUP BY CAST(d AS DATE) ORDER BY min(source_row) LIMIT 2`);
      if (!examples.length) return { format: dayFirst, note: `  ${where}: time stamps read as "${dayFirst}" (every date has the same day and month, so the order changes none); set timestamp_format on the source to make it explicit` };
      const shown = examples.map((e) => `"${e.value}" (${e.as_d} day first, ${e.as_m} month first)`).join(" and ");
      throw new AmbiguousDatesError(`${where}: ambiguous dates: ${shown}; no day in the file is over 12, so the data cannot tell day-first from month-first. Set timestamp_format on the source (configured in ${source.origin}): "${dayFirst}" for day first or "${monthFirst}" for month first`, file, raw!);
    }
    return undefined;
  } finally {
    await connection.run("RESET threads");
  }
}
