// Inputs.table with every header a word: the headers a page names win, every other column gets
// columnLabel(name) (format.js), so no table shows "recency_days" or "one_off_price_change".
import * as Inputs from "npm:@observablehq/inputs";
import { columnLabel } from "./format.js";

/** The column names of rows (an array of objects, an Arrow table or a DuckDB result). */
function columnNames(data, columns) {
  if (columns) return columns;
  const fields = data?.schema?.fields;
  if (fields) return fields.map((f) => f.name);
  const first = Array.isArray(data) ? data[0] : data?.get?.(0) ?? data?.[0];
  return first ? Object.keys(first) : [];
}

export function Table(data, options = {}) {
  const header = Object.fromEntries(columnNames(data, options.columns).map((name) => [name, columnLabel(name)]));
  return Inputs.table(data, { ...options, header: { ...header, ...options.header } });
}
