// How a raw file is read by DuckDB, by its extension. CSV is sniffed (delimiter, quoting) but
// never typed by guesswork: the adapter says which columns are numbers and timestamps.
import { extname } from "node:path";
import { UserError } from "../pipeline/errors.ts";
import { ident, literal } from "../pipeline/duckdb.ts";
import { displayPath } from "../pipeline/paths.ts";
import type { ColumnBinding } from "./bind-columns.ts";

export type RawFormat = "csv" | "parquet" | "json";

export function rawFormat(path: string): RawFormat {
  const name = path.toLowerCase();
  if (name.endsWith(".parquet")) return "parquet";
  if (/\.(csv|tsv|txt)(\.gz|\.zst)?$/.test(name)) return "csv";
  if (/\.(json|jsonl|ndjson)(\.gz|\.zst)?$/.test(name)) return "json";
  throw new UserError(`${displayPath(path)}: cannot read files ending in "${extname(path)}" (use .csv, .csv.gz, .tsv, .parquet or JSON lines: .json, .jsonl, .json.gz)`);
}

/**
 * A raw name "head.key" in a JSON lines file is the field `key` of the object `head` (Amplitude's
 * event_properties.$revenue); the key may itself hold dots. Read as text, null when absent.
 */
export function nestedName(raw: string): { head: string; key: string } | undefined {
  const dot = raw.indexOf(".");
  return dot > 0 ? { head: raw.slice(0, dot), key: raw.slice(dot + 1) } : undefined;
}

/** JSON lines: the bound raw names that are nested fields ("event_properties.$revenue"). */
export function nestedColumns(bindings: ColumnBinding[], format: RawFormat): string[] {
  return format === "json" ? bindings.map((b) => b.raw).filter((raw): raw is string => !!raw && !!nestedName(raw)) : [];
}

/** JSON lines (one object per line, as Amplitude's export): top-level fields as columns, plus the nested fields named. */
function jsonReader(path: string, nested: string[]): string {
  const extra = nested.map((raw) => {
    const { head, key } = nestedName(raw)!;
    return `json_extract_string(to_json(${ident(head)}), ${literal(`$.${JSON.stringify(key)}`)}) AS ${ident(raw)}`;
  });
  // Every line is sampled, so a field that appears late still gets a column; nested objects are
  // typed one level down only (their fields are read as text through nestedName).
  const reader = `read_json(${literal(path)}, format = 'newline_delimited', sample_size = -1, maximum_depth = 2)`;
  return extra.length ? `(SELECT *, ${extra.join(", ")} FROM ${reader})` : reader;
}

export interface ReadOptions {
  /** Raw column -> DuckDB type, for CSV; Parquet files carry their own types. */
  types?: Record<string, string>;
  timestampFormat?: string;
  allVarchar?: boolean;
  /** Texts a CSV field reads as null (a source's `null_values`, by default defaultNullValues). */
  nullValues?: string[];
  /** How a text file is laid out, when not a plain comma-separated file with a header. */
  layout?: CsvLayout;
  /** JSON lines: nested fields to read as columns ("event_properties.$revenue"). */
  nested?: string[];
}

/** Reader options of a text source (config keys in brackets; README "Reader options"). */
export interface CsvLayout {
  /** [delimiter] One character, "tab", or "whitespace" (any run of spaces and tabs, as CDNOW's raw file). */
  delimiter?: string;
  /** [header] false: the first line is data; the names come from columnNames. */
  header?: boolean;
  /** [column_names] Names of the columns, in file order (needed without a header, or with whitespace). */
  columnNames?: string[];
  /** [quote] Quote character; "" for none. */
  quote?: string;
  /** [skip] Lines to skip before the header (or the first row). */
  skip?: number;
  /** [decimal_separator] "," for files written as 2,55. */
  decimalSeparator?: string;
  /** [encoding] utf-8 (default), utf-16 or latin-1. */
  encoding?: string;
}

/**
 * What exports write for "no value": empty, SQL's NULL, pandas' None / NaN / nan, spreadsheets'
 * N/A and #N/A. "NA" is left out on purpose: it is Namibia's country code. A source can replace the
 * list with `null_values:` in the config.
 */
export const defaultNullValues = ["", "NULL", "null", "None", "NaN", "nan", "N/A", "n/a", "#N/A"];

export function readExpression(path: string, options: ReadOptions = {}): string {
  if (rawFormat(path) === "parquet") return `read_parquet(${literal(path)})`;
  if (rawFormat(path) === "json") return jsonReader(path, options.nested ?? []);
  const layout = options.layout ?? {};
  if (layout.delimiter === "whitespace") return whitespaceReader(path, options, layout);
  const args = [literal(path), `header = ${layout.header ?? true}`];
  if (layout.columnNames) args.push(`names = [${layout.columnNames.map(literal).join(", ")}]`);
  if (layout.delimiter) args.push(`delim = ${literal(layout.delimiter === "tab" ? "\t" : layout.delimiter)}`);
  if (layout.quote !== undefined) args.push(`quote = ${literal(layout.quote)}`);
  if (layout.skip) args.push(`skip = ${layout.skip}`);
  if (layout.decimalSeparator) args.push(`decimal_separator = ${literal(layout.decimalSeparator)}`);
  if (layout.encoding) args.push(`encoding = ${literal(layout.encoding)}`);
  if (options.allVarchar) args.push("all_varchar = true");
  if (options.types && Object.keys(options.types).length) {
    const entries = Object.entries(options.types).map(([column, type]) => `${literal(column)}: ${literal(type)}`);
    args.push(`types = {${entries.join(", ")}}`);
  }
  if (options.timestampFormat) args.push(`timestampformat = ${literal(options.timestampFormat)}`);
  if (options.nullValues) args.push(`nullstr = [${options.nullValues.map(literal).join(", ")}]`);
  return `read_csv(${args.join(", ")})`;
}

/**
 * A file whose fields are separated by runs of spaces or tabs (fixed-width-looking exports such as
 * CDNOW's raw transactions), which no single-character delimiter reads: each line is read whole
 * and split. A line with another number of fields than the names given is an error, never padded.
 */
function whitespaceReader(path: string, options: ReadOptions, layout: CsvLayout): string {
  const names = layout.columnNames ?? [];
  const skip = (layout.skip ?? 0) + (layout.header ? 1 : 0);
  // \x01 never occurs in a text export: every line is one field.
  const lines = `read_csv(${[literal(path), "header = false", "delim = '\x01'", "quote = ''", "escape = ''", "columns = {'line': 'VARCHAR'}", ...(skip ? [`skip = ${skip}`] : []), ...(layout.encoding ? [`encoding = ${literal(layout.encoding)}`] : [])].join(", ")})`;
  const nulls = options.nullValues ?? [];
  const columns = names.map((name, i) => {
    let value = `parts[${i + 1}]`;
    if (nulls.length) value = `CASE WHEN ${value} IN (${nulls.map(literal).join(", ")}) THEN NULL ELSE ${value} END`;
    if (i === 0) value = `CASE WHEN len(parts) = ${names.length} THEN ${value} ELSE error(${literal(`${path}: a line has another number of fields than the ${names.length} column_names (${names.join(", ")})`)} || ': ' || array_to_string(parts, ' ')) END`;
    const type = options.allVarchar ? undefined : options.types?.[name];
    if (type === "TIMESTAMP" && options.timestampFormat) value = `strptime(${value}, ${literal(options.timestampFormat)})`;
    else if (type) value = `CAST(${value} AS ${type})`;
    return `${value} AS ${ident(name)}`;
  });
  return `(SELECT ${columns.join(", ")} FROM (SELECT regexp_split_to_array(trim(line), '\\s+') AS parts FROM ${lines} WHERE trim(line) <> ''))`;
}
