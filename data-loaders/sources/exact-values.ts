// How a raw value becomes a canonical one without being changed on the way. A plain CAST would
// round a quantity of 2.5 to 3, round a price of 2.12345 to 2.1235 and keep the clock time of
// "10:00+05:00" while dropping its offset. Here numbers are read exactly (DECIMAL(18,8)) and only
// narrowed when nothing is lost, and time stamps are read with their offset and converted to UTC
// (the warehouse session runs in UTC); anything else fails, and the slow path (diagnose.ts) names
// the file, row and column.
import { ident, literal } from "../pipeline/duckdb.ts";
import type { CanonicalType } from "./canonical.ts";

/**
 * Wide enough for any quantity or price, with more decimals than any canonical column keeps.
 * Eight decimals, not more: DECIMAL(18,8) is a 64-bit integer inside, 50x faster to cast and round
 * than a 128-bit DECIMAL(38,x) (measured on Online Retail), and a binary float such as 2.55 stored
 * as 2.5499999999999998 reads back as the 2.55 that was written.
 */
export const exactNumber = "DECIMAL(18,8)";

/** Parquet (or typed CSV) column types that already hold exactly what the canonical column keeps. */
const exactRawTypes: Partial<Record<CanonicalType, RegExp>> = {
  INTEGER: /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT)$/,
  BIGINT: /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|HUGEINT)$/,
  "DECIMAL(18,4)": /^(TINYINT|SMALLINT|INTEGER|BIGINT|DECIMAL\(\d+,[0-4]\))$/,
  // A time stamp with a zone converts to UTC in the warehouse session; one without has no offset to lose.
  TIMESTAMP: /^(DATE|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE)$/,
};

/** Decimal places each canonical numeric type keeps (integers keep none). */
const keptDecimals: Partial<Record<CanonicalType, number>> = { INTEGER: 0, BIGINT: 0, "DECIMAL(18,4)": 4 };

/** The type a CSV column is parsed as, before canonicalValue narrows it. */
export function readType(type: CanonicalType, timestampFormat?: string): string {
  if (type in keptDecimals) return exactNumber;
  // Read as text and cast in canonicalValue: the CSV reader's own TIMESTAMPTZ parsing turns a
  // value it cannot read into null without a word (and reads nothing at all with a format). With
  // a strptime format the layout is the analyst's and the reader's TIMESTAMP parsing is strict.
  if (type === "TIMESTAMP" && !timestampFormat) return "VARCHAR";
  return type;
}

export interface ValueOptions {
  /** Factor the raw number is multiplied by (config `scale`, e.g. 0.01 for cents), exactly. */
  scale?: number;
  /** strptime format of a time stamp written as text (config `timestamp_format`). */
  timestampFormat?: string;
}

/** The raw number, exact, times the scale (a DECIMAL product: no binary rounding). */
const scaled = (exact: string, scale?: number) => (scale === undefined || scale === 1 ? exact : `(${exact} * CAST(${literal(String(scale))} AS ${exactNumber}))`);

/**
 * SQL turning the raw column `raw` into the canonical `type`, failing rather than rounding.
 * `rawType` (DuckDB's type of the raw column, when known) skips checks that cannot fail.
 */
export function canonicalValue(raw: string, type: CanonicalType, label: string, rawType?: string, { scale, timestampFormat }: ValueOptions = {}): string {
  const column = ident(raw);
  if (rawType && exactRawTypes[type]?.test(rawType) && scale === undefined) return `CAST(${column} AS ${type})`;
  const decimals = keptDecimals[type];
  if (decimals !== undefined) {
    const exact = scaled(`CAST(${column} AS ${exactNumber})`, scale);
    const what = `${decimals === 0 ? "a whole number" : `a number with at most ${decimals} decimal places`}${scale === undefined ? "" : ` once multiplied by its scale ${scale}`}`;
    return `CASE WHEN ${exact} IS NULL OR ${exact} = round(${exact}, ${decimals}) THEN CAST(${exact} AS ${type}) ELSE error(${literal(`${label} must be ${what}`)}) END`;
  }
  // A time stamp written as text in a Parquet file (a CSV reader applies the format itself).
  if (type === "TIMESTAMP" && timestampFormat && rawType && !exactRawTypes.TIMESTAMP!.test(rawType)) {
    return `CAST(strptime(CAST(${column} AS VARCHAR), ${literal(timestampFormat)}) AS TIMESTAMP)`;
  }
  if (type === "TIMESTAMP") {
    // Text: a plain TIMESTAMP cast would read "10:00+05:00" as 10:00 and drop the offset, so only
    // texts with nothing after the date but digits, ':', '.', 'T' and spaces take that fast cast;
    // anything else (Z, +05:00, -0300, a zone name) is read with its zone and converted to UTC.
    const text = `CAST(${column} AS VARCHAR)`;
    return `CASE WHEN regexp_full_match(substr(${text}, 11), '[0-9:. T]*') THEN CAST(${text} AS TIMESTAMP) ELSE CAST(CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP) END`;
  }
  return `CAST(${column} AS ${type})`;
}

/** SQL that is null when `text` (a raw value as text) does not read exactly as `type`. */
export function exactParse(text: string, type: CanonicalType, timestampFormat?: string, scale?: number): string {
  const decimals = keptDecimals[type];
  if (decimals !== undefined) {
    const exact = scaled(`TRY_CAST(${text} AS ${exactNumber})`, scale);
    return `CASE WHEN ${exact} = round(${exact}, ${decimals}) THEN TRY_CAST(${exact} AS ${type}) END`;
  }
  if (type === "TIMESTAMP") return timestampFormat ? `try_strptime(${text}, ${literal(timestampFormat)})` : `TRY_CAST(${text} AS TIMESTAMPTZ)`;
  return `TRY_CAST(${text} AS ${type})`;
}
