// How a raw file is read by DuckDB, by its extension. CSV is sniffed (delimiter, quoting) but
// never typed by guesswork: the adapter says which columns are numbers and timestamps.
import { extname } from "node:path";
import { UserError } from "../pipeline/errors.ts";
import { literal } from "../pipeline/duckdb.ts";
import { displayPath } from "../pipeline/paths.ts";

export type RawFormat = "csv" | "parquet";

export function rawFormat(path: string): RawFormat {
  const name = path.toLowerCase();
  if (name.endsWith(".parquet")) return "parquet";
  if (/\.(csv|tsv|txt)(\.gz|\.zst)?$/.test(name)) return "csv";
  throw new UserError(`${displayPath(path)}: cannot read files ending in "${extname(path)}" (use .csv, .csv.gz, .tsv or .parquet)`);
}

export interface ReadOptions {
  /** Raw column -> DuckDB type, for CSV; Parquet files carry their own types. */
  types?: Record<string, string>;
  timestampFormat?: string;
  allVarchar?: boolean;
  /** Texts a CSV field reads as null (a source's `null_values`, by default defaultNullValues). */
  nullValues?: string[];
}

/**
 * What exports write for "no value": empty, SQL's NULL, pandas' None / NaN / nan, spreadsheets'
 * N/A and #N/A. "NA" is left out on purpose: it is Namibia's country code. A source can replace the
 * list with `null_values:` in the config.
 */
export const defaultNullValues = ["", "NULL", "null", "None", "NaN", "nan", "N/A", "n/a", "#N/A"];

export function readExpression(path: string, options: ReadOptions = {}): string {
  if (rawFormat(path) === "parquet") return `read_parquet(${literal(path)})`;
  const args = [literal(path), "header = true"];
  if (options.allVarchar) args.push("all_varchar = true");
  if (options.types && Object.keys(options.types).length) {
    const entries = Object.entries(options.types).map(([column, type]) => `${literal(column)}: ${literal(type)}`);
    args.push(`types = {${entries.join(", ")}}`);
  }
  if (options.timestampFormat) args.push(`timestampformat = ${literal(options.timestampFormat)}`);
  if (options.nullValues) args.push(`nullstr = [${options.nullValues.map(literal).join(", ")}]`);
  return `read_csv(${args.join(", ")})`;
}
