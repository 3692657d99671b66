// What a CSV download writes for each cell, shared by DownloadCsv and DownloadCsvOnClick (plain
// JS with no imports, so the unit tests run it too):
// - dates as ISO 8601 text in UTC, never epoch milliseconds: a column the query typed as a date
//   or time stamp (DuckDB-wasm hands those over as numbers), or a Date object;
// - big integers as their digits;
// - a text starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so a
//   spreadsheet shows it instead of running it as a formula (OWASP's CSV injection advice).
//   Numbers are numbers, never prefixed, so -3 stays a negative number;
// - fractions rounded as a reader would: money to cents (unit prices to the four decimals the
//   canonical price keeps), any other fraction (rates, shares, lifts, p-values) to six
//   significant digits, which removes float noise such as 0.30000000000000004 and keeps small
//   p-values readable. Integers are never changed.

const formulaStart = /^[=+\-@\t\r]/;

/** ISO text for a time: "2011-12-09T12:50:00Z", or "2011-12-09" for a midnight (a date). */
export function isoTime(ms) {
  const iso = new Date(ms).toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
}

// Words of a column name that make it an amount of money (revenue, monetary, aov, spend, ...).
const moneyWords = new Set(["revenue", "monetary", "aov", "spend", "cltv", "clv", "amount", "cost", "sales", "money", "total", "value"]);
const priceWords = new Set(["price"]);

/** The decimals a column's fractions keep: 2 for money, 4 for prices, null (six significant digits) otherwise. */
export function moneyDecimals(column = "") {
  const words = String(column).toLowerCase().split(/[^a-z0-9]+/);
  if (words.some((w) => priceWords.has(w))) return 4;
  // p_value, p_alive and shares are not money even when a money word is in the name.
  if (words[0] === "p" || words.some((w) => w === "share" || w === "rate" || w === "pct" || w === "ratio")) return null;
  return words.some((w) => moneyWords.has(w)) ? 2 : null;
}

/** A fraction rounded for the file (see above); integers and non-numbers as they are. */
export function roundNumber(value, column = "") {
  if (typeof value !== "number" || !Number.isFinite(value) || Number.isInteger(value)) return value;
  const decimals = moneyDecimals(column);
  if (decimals !== null) return Number(value.toFixed(decimals));
  return Number(value.toPrecision(6));
}

/** One cell as it goes into the file. `isDate`: the column holds dates or times; `column`: its name. */
export function csvCell(value, isDate = false, column = "") {
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : isoTime(value.getTime());
  if (isDate && typeof value === "number") return isoTime(value);
  if (typeof value === "number") return roundNumber(value, column);
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
  return Array.from(rows, (row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, csvCell(value, dateColumns.has(name), name)])));
}
