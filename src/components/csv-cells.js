// What a CSV download writes for each cell, shared by DownloadCsv and DownloadCsvOnClick (plain
// JS with no imports, so the unit tests run it too):
// - dates as ISO 8601 text in UTC, never epoch milliseconds: a column the query typed as a date
//   or time stamp (DuckDB-wasm hands those over as numbers), or a Date object;
// - big integers as their digits;
// - a text starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so a
//   spreadsheet shows it instead of running it as a formula (OWASP's CSV injection advice).
//   Numbers are numbers, never prefixed, so -3 stays a negative number.

const formulaStart = /^[=+\-@\t\r]/;

/** ISO text for a time: "2011-12-09T12:50:00Z", or "2011-12-09" for a midnight (a date). */
export function isoTime(ms) {
  const iso = new Date(ms).toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
}

/** One cell as it goes into the file. `isDate`: the column holds dates or times. */
export function csvCell(value, isDate = false) {
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoTime(value.getTime());
  if (isDate && typeof value === "number") return isoTime(value);
  if (typeof value === "bigint") return String(value);
  if (typeof value === "string" && formulaStart.test(value)) return `'${value}`;
  return value;
}

/** Whether a schema field holds dates: Observable's {type: "date"} or an Arrow Timestamp / Date type. */
const isDateField = (field) => field.type === "date" || /^(Timestamp|Date)/.test(String(field.type));

/**
 * Rows ready for d3-dsv's csvFormat. `rows` is an array of objects or a query result whose
 * `schema` says which columns are dates: an array of {name, type} fields, or an Arrow Schema
 * (DuckDBClient's query results carry one) whose `fields` have Arrow types.
 */
export function csvRows(rows) {
  const schema = rows?.schema;
  const fields = Array.isArray(schema) ? schema : Array.isArray(schema?.fields) ? schema.fields : [];
  const dateColumns = new Set(fields.filter(isDateField).map((field) => field.name));
  return Array.from(rows, (row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, csvCell(value, dateColumns.has(name))])));
}
