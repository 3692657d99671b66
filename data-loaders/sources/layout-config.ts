// The reader options of a text source in the config (README "Reader options"), checked with a
// message naming the config entry, the key and what it accepts.
import { UserError } from "../pipeline/errors.ts";
import type { CsvLayout } from "./raw-file.ts";

export const layoutKeys = ["delimiter", "header", "column_names", "quote", "skip", "decimal_separator", "encoding"];
const encodings = ["utf-8", "utf-16", "latin-1"];

export function csvLayout(spec: Record<string, unknown>, where: string): CsvLayout {
  const layout: CsvLayout = {};
  const bad = (key: string, expected: string) => new UserError(`${where}.${key} must be ${expected}, got ${JSON.stringify(spec[key])}`);
  if (spec.delimiter !== undefined) {
    const d = spec.delimiter;
    if (typeof d !== "string" || !(d === "tab" || d === "whitespace" || d.length === 1)) throw bad("delimiter", 'one character, "tab" or "whitespace"');
    layout.delimiter = d;
  }
  if (spec.header !== undefined) {
    if (typeof spec.header !== "boolean") throw bad("header", "true or false");
    layout.header = spec.header;
  }
  if (spec.column_names !== undefined) {
    const names = spec.column_names;
    if (!Array.isArray(names) || !names.length || names.some((n) => typeof n !== "string" || !n.trim())) throw bad("column_names", "a list of column names");
    if (new Set(names).size !== names.length) throw bad("column_names", "a list of distinct column names");
    layout.columnNames = names as string[];
  }
  if (spec.quote !== undefined) {
    if (typeof spec.quote !== "string" || spec.quote.length > 1) throw bad("quote", 'one character, or "" for none');
    layout.quote = spec.quote;
  }
  if (spec.skip !== undefined) {
    if (typeof spec.skip !== "number" || !Number.isInteger(spec.skip) || spec.skip < 0) throw bad("skip", "a whole number of lines, at least 0");
    layout.skip = spec.skip;
  }
  if (spec.decimal_separator !== undefined) {
    if (spec.decimal_separator !== "," && spec.decimal_separator !== ".") throw bad("decimal_separator", '"," or "."');
    layout.decimalSeparator = spec.decimal_separator;
  }
  if (spec.encoding !== undefined) {
    const e = String(spec.encoding).toLowerCase();
    if (!encodings.includes(e)) throw bad("encoding", `one of ${encodings.join(", ")}`);
    layout.encoding = e;
  }
  if (layout.header === false && !layout.columnNames) throw new UserError(`${where}: header: false needs column_names (the names of the columns, in file order)`);
  if (layout.delimiter === "whitespace" && !layout.columnNames) throw new UserError(`${where}: delimiter: whitespace needs column_names (the names of the columns, in file order)`);
  return layout;
}
