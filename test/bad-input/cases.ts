// The bad-input catalogue (issue 19 point 6): each case is a folder of files, a config and flags,
// and what must come of them: an error whose words name the file, row, column and cause, or the
// rows the source holds when the input reads. suite.test.ts runs them; LEDGER_CASES are order
// lines that build, checked for rows in = kept + excluded through the real staging and ledger.
import { uciCsv } from "../helpers/temp-project.ts";

export const FIFO = Symbol("a named pipe");
export const DIR = Symbol("an empty folder");
/** A Parquet file written by DuckDB from this SELECT. */
export interface ParquetFile {
  parquet: string;
}
export type FileContent = string | Buffer | typeof FIFO | typeof DIR | ParquetFile;

export interface BadInputCase {
  category: string;
  name: string;
  /** The case's files, by path in its folder; raw/lines.csv is the default source. */
  files?: Record<string, FileContent>;
  /** Source keys added to the default order_lines source (raw/lines.csv, UCI preset). */
  options?: string;
  /** The whole config instead of the default. */
  config?: string;
  /** --var flags, and ANALYTICS_* environment variables. */
  vars?: string[];
  env?: Record<string, string>;
  /** A seed file checked on its own (seeds/<name>.csv). */
  seed?: string;
  /** Every pattern must match the error's message (a UserError: the CLI prints it alone and exits 2). */
  error?: RegExp[];
  /** When the input reads: the rows its source holds (no row dropped or added on the way). */
  rows?: number;
}

const header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
export const line = (invoice: string, { quantity = "6", at = "2010-12-01 08:26:00", price = "2.55", customer = "17850", country = "United Kingdom", product = "85123A", name = "HEART" } = {}) =>
  `${invoice},${product},${name},${quantity},${at},${price},${customer},${country}`;
const good = line("536365");
const csv = (...rows: string[]) => ({ "raw/lines.csv": uciCsv(rows) });
const uciNames = "[InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country]";
const orderLines = (path: string, extra = "") => `name: bad-input\nsources:\n  order_lines:\n    path: ${path}\n    preset: uci_online_retail\n${extra}`;

const stepTables = "name: x\nsources:\n  events:\n    path: [raw/home.csv]\n    preset: step_table\n    join:\n      path: raw/users.csv\n      on: {user_id: user_id}\n      columns: {event_at: date}\n";

/** One UCI-layout Parquet row as a SELECT, with some columns replaced. */
const pq = (replace: Record<string, string>) => {
  const columns: Record<string, string> = { InvoiceNo: "'536365'", StockCode: "'85123A'", Description: "'HEART'", Quantity: "6", InvoiceDate: "TIMESTAMP '2010-12-01 08:26:00'", UnitPrice: "2.55", CustomerID: "'17850'", Country: "'France'", ...replace };
  return `SELECT ${Object.entries(columns).map(([name, value]) => `${value} AS ${name}`).join(", ")}`;
};

/** Where the default source was configured, as messages name it. */
const origin = /\(configured in .*analytics\.config\.yml: sources\.order_lines\)/;
const rowCol = (row: number, column: string) => new RegExp(`lines\\.csv, row ${row} \\(line ${row + 1}\\), column ${column}: `);

export const cases: BadInputCase[] = [
  // Files and paths: the source's file itself.
  { category: "files", name: "a missing file", error: [/raw\/lines\.csv: file not found/, origin] },
  { category: "files", name: "an empty file", files: { "raw/lines.csv": "" }, error: [/raw\/lines\.csv: the file is empty/, origin] },
  { category: "files", name: "a header and no rows", files: csv(), error: [/raw\/lines\.csv: the file has a header but no data rows/, origin] },
  { category: "files", name: "a spreadsheet (.xlsx)", config: orderLines("raw/lines.xlsx"), files: { "raw/lines.xlsx": "PK" }, error: [/raw\/lines\.xlsx: cannot read files ending in "\.xlsx" \(use \.csv, \.csv\.gz, \.tsv, \.parquet or JSON lines/] },
  { category: "files", name: "a JSON array, not JSON lines", config: orderLines("raw/lines.json"), files: { "raw/lines.json": '[{"InvoiceNo": "1"}]' }, error: [/raw\/lines\.json: holds one JSON array; a JSON source is JSON lines, one object per line/, /jq -c/] },
  { category: "files", name: "a folder listed as one file of a list", config: orderLines("[raw/a.csv, raw/more]"), files: { "raw/a.csv": uciCsv([good]), "raw/more": DIR }, error: [/raw\/more: is a folder, not a file/, /a folder or a glob such as exports\/\*\.csv can be the whole path/] },
  { category: "files", name: "a named pipe (FIFO)", files: { "raw/lines.csv": FIFO }, error: [/raw\/lines\.csv: is a named pipe \(FIFO\), not a regular file/, origin] },
  { category: "files", name: "a named pipe inside a folder source", config: orderLines("raw"), files: { "raw/a.csv": uciCsv([good]), "raw/b.csv": FIFO }, error: [/raw\/b\.csv: is a named pipe \(FIFO\), not a regular file \(in the folder of .*sources\.order_lines\.path\)/] },
  { category: "files", name: "a character device (/dev/null)", config: orderLines("/dev/null"), error: [/\/dev\/null: is a character device, not a regular file/] },
  { category: "files", name: "a glob matching nothing", config: orderLines("raw/*.csv"), files: { "raw/notes.txt.bak": "x" }, error: [/sources\.order_lines\.path: .*raw\/\*\.csv matches no file/] },
  { category: "files", name: "a folder without CSV or Parquet files", config: orderLines("raw"), files: { "raw/README.md": "notes" }, error: [/sources\.order_lines\.path: .*raw matches no CSV or Parquet file in the folder/] },
  { category: "files", name: "a folder of monthly files reads whole", config: orderLines("raw"), files: { "raw/2010-12.csv": uciCsv([good]), "raw/2011-01.csv": uciCsv([line("536366"), line("536367")]) }, rows: 3 },

  // Text content: shape and encoding.
  { category: "text", name: "a misspelt column", files: { "raw/lines.csv": uciCsv([good]).replace("CustomerID", "CustomerId_") }, error: [/raw\/lines\.csv: column "CustomerID" is missing \(it holds order_lines\.customer_id, preset uci_online_retail\)\. Did you mean "CustomerId_"\?/, /The file has: InvoiceNo, StockCode/] },
  { category: "text", name: "a row with a field too few", files: csv(good, "536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,17850"), error: [/raw\/lines\.csv, line 3: 7 fields where the header has 8 \(","-separated\): a ragged row/, /"536366,22633,HAND WARMER/] },
  { category: "text", name: "a row with a field too many (an unquoted comma)", files: csv(good, "536366,22633,HAND WARMER, RED,6,2010-12-01 08:28:00,1.85,17850,France"), error: [/raw\/lines\.csv, line 3: 9 fields where the header has 8/, /an unquoted "," inside a value/] },
  { category: "text", name: "Latin-1 text without encoding", files: { "raw/lines.csv": Buffer.from(uciCsv([line("536365", { country: "Curaçao" })]), "latin1") }, error: [/raw\/lines\.csv, line 2: the text is not UTF-8/, /add encoding: latin-1 to the source/] },
  { category: "text", name: "Latin-1 text with encoding: latin-1 reads", options: "    encoding: latin-1\n", files: { "raw/lines.csv": Buffer.from(uciCsv([line("536365", { country: "Curaçao" })]), "latin1") }, rows: 1 },
  { category: "text", name: "UTF-16 text without encoding", files: { "raw/lines.csv": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(uciCsv([good]), "utf16le")]) }, error: [/raw\/lines\.csv, line 1: the text is not UTF-8/, origin, /\(or encoding: utf-16\)/] },
  { category: "text", name: "UTF-16 text with encoding: utf-16 reads", options: "    encoding: utf-16\n", files: { "raw/lines.csv": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(uciCsv([good, line("536366")]), "utf16le")]) }, rows: 2 },
  { category: "text", name: "a 3 MB field (an over-long line)", files: csv(good, line("536366", { name: "X".repeat(3_000_000) })), error: [/raw\/lines\.csv: a line of 3,000,06\d bytes, over the 2,000,000 a line may have/, origin, /it starts "536366,85123A,XXXX/, /a quote opened and never closed/] },
  // DuckDB keeps a quote that opens no quoted field as text: the row reads whole, the quote as written.
  { category: "text", name: "a stray quote at the start of a field", files: csv(good, '536366,22633,"HAND WARMER,6,2010-12-01 08:28:00,1.85,17850,France'), rows: 2 },
  { category: "text", name: "a byte-order mark, CRLF endings and trailing blank lines read", files: { "raw/lines.csv": "\ufeff" + uciCsv([good, line("536366")]).replace(/\n/g, "\r\n") + "\r\n\r\n" }, rows: 2 },
  { category: "text", name: "a quoted header name holding a comma reads (not taken for a ragged row)", files: { "raw/lines.csv": `${header},"Notes, internal"\n${good},"gift, wrapped"\n${line("536366")},\n` }, rows: 2 },
  { category: "text", name: "a quoted field holding a comma and a line break reads", files: csv(good, '536366,22633,"HAND WARMER,\nRED",6,2010-12-01 08:28:00,1.85,17850,France'), rows: 2 },

  // Values: never rounded or guessed.
  { category: "values", name: "a quantity that is a word", files: csv(good, line("536366", { quantity: "six" })), error: [rowCol(2, "Quantity"), /"six" is not a whole number \(canonical order_lines\.quantity\)\. 1 row\(s\) like this/] },
  { category: "values", name: "a price with a currency sign", files: csv(line("536365", { price: "£2.55" })), error: [rowCol(1, "UnitPrice"), /"£2\.55" is not a number with at most 4 decimal places/] },
  { category: "values", name: "a fractional quantity", files: csv(good, line("536366", { quantity: "2.5" })), error: [rowCol(2, "Quantity"), /"2\.5" is not a whole number/] },
  { category: "values", name: "a price with five decimals", files: csv(line("536365", { price: "2.12345" })), error: [rowCol(1, "UnitPrice"), /"2\.12345" is not a number with at most 4 decimal places/] },
  { category: "values", name: "a quantity beyond a whole number's range (3e9)", files: csv(good, line("536366", { quantity: "3e9" })), error: [rowCol(2, "Quantity"), /"3e9" is not a whole number/] },
  { category: "values", name: "an impossible date (month 13)", files: csv(good, line("536366", { at: "2010-13-45 08:26:00" })), error: [rowCol(2, "InvoiceDate"), /"2010-13-45 08:26:00" is not a date-time/] },
  { category: "values", name: "a customer id with thousands separators reads as text", files: csv(line("536365", { customer: '"17,850"' })), rows: 1 },
  { category: "values", name: "a scale leaving more than four decimals", options: "    scale: {unit_price: 0.001}\n", files: csv(line("536365", { price: "2.55" })), error: [rowCol(1, "UnitPrice"), /"2\.55" is not a number with at most 4 decimal places/] },

  // Dates written as text: the format is given or decided by the data, never guessed.
  { category: "dates", name: "every day at most 12: ambiguous", files: csv(line("1", { at: "01/02/2011 08:26" }), line("2", { at: "03/04/2011 10:00" })), error: [/raw\/lines\.csv, column InvoiceDate: ambiguous dates: "01\/02\/2011 08:26" \(1 February 2011 day first, 2 January 2011 month first\) and "03\/04\/2011 10:00"/, /Set timestamp_format on the source/, /"%d\/%m\/%Y %H:%M" for day first or "%m\/%d\/%Y %H:%M" for month first/] },
  { category: "dates", name: "ambiguous dates with timestamp_format read as configured", options: '    timestamp_format: "%m/%d/%Y %H:%M"\n', files: csv(line("1", { at: "01/02/2011 08:26" }), line("2", { at: "03/04/2011 10:00" })), rows: 2 },
  { category: "dates", name: "a day over 12 decides day first", files: csv(line("1", { at: "01/02/2011 08:26" }), line("2", { at: "25/12/2010 10:00" })), rows: 2 },
  { category: "dates", name: "two orders mixed in one column", files: csv(line("1", { at: "25/01/2011" }), line("2", { at: "01/25/2011" })), error: [/raw\/lines\.csv, column InvoiceDate: the dates mix two orders: row 1 "25\/01\/2011" is day first/, /row 2 "01\/25\/2011" is month first/] },
  { category: "dates", name: "a timestamp_format the file does not follow", options: '    timestamp_format: "%d/%m/%Y %H:%M"\n', files: csv(good), error: [rowCol(1, "InvoiceDate"), /"2010-12-01 08:26:00" is not a date-time/] },
  { category: "dates", name: "offsets and zone names are read (converted to UTC)", files: csv(line("1", { at: "2010-12-01 10:00:00+05:00" }), line("2", { at: "2010-12-01T10:00:00Z" }), line("3", { at: "2010-12-01 23:30:00-02:00" })), rows: 3 },
  { category: "dates", name: "a date with a word for the month", files: csv(line("1", { at: "1 Dec 2010" })), error: [rowCol(1, "InvoiceDate"), /"1 Dec 2010" is not a date-time/] },

  // Reader options: each bad value is named with what the key accepts.
  { category: "reader options", name: "delimiter of two characters", options: '    delimiter: "||"\n', error: [/sources\.order_lines\.delimiter must be one character, "tab" or "whitespace", got "\|\|"/] },
  { category: "reader options", name: "header that is not true or false", options: "    header: yes please\n", error: [/sources\.order_lines\.header must be true or false, got "yes please"/] },
  { category: "reader options", name: "column_names that is not a list", options: "    column_names: InvoiceNo\n", error: [/sources\.order_lines\.column_names must be a list of column names, got "InvoiceNo"/] },
  { category: "reader options", name: "column_names with a repeated name", options: "    header: false\n    column_names: [a, b, a]\n", error: [/sources\.order_lines\.column_names must be a list of distinct column names/] },
  { category: "reader options", name: "quote of two characters", options: `    quote: "''"\n`, error: [/sources\.order_lines\.quote must be one character, or "" for none, got "''"/] },
  { category: "reader options", name: "skip below zero", options: "    skip: -1\n", error: [/sources\.order_lines\.skip must be a whole number of lines, at least 0, got -1/] },
  { category: "reader options", name: "skip that is not whole", options: "    skip: 1.5\n", error: [/sources\.order_lines\.skip must be a whole number of lines, at least 0, got 1\.5/] },
  { category: "reader options", name: "decimal_separator other than , or .", options: '    decimal_separator: ";"\n', error: [/sources\.order_lines\.decimal_separator must be "," or "\.", got ";"/] },
  { category: "reader options", name: "an encoding it cannot read", options: "    encoding: cp1252\n", error: [/sources\.order_lines\.encoding must be one of utf-8, utf-16, latin-1, got "cp1252"/] },
  { category: "reader options", name: "header: false without column_names", options: "    header: false\n", error: [/sources\.order_lines: header: false needs column_names/] },
  { category: "reader options", name: "delimiter: whitespace without column_names", options: "    delimiter: whitespace\n", error: [/sources\.order_lines: delimiter: whitespace needs column_names/] },
  { category: "reader options", name: "whitespace line with a field missing", options: `    delimiter: whitespace\n    column_names: ${uciNames}\n`, files: { "raw/lines.csv": "536365 85123A HEART 6 2010-12-01T08:26:00 2.55 17850 France\n536366 85123A HEART 6 2010-12-01T08:26:00 2.55 France\n" }, error: [/raw\/lines\.csv: a line has another number of fields than the 8 column_names/] },
  { category: "reader options", name: "null_values that is not a list", options: "    null_values: NULL\n", error: [/sources\.order_lines\.null_values must be a list of texts/] },
  { category: "reader options", name: "scale of a column that is not an amount", options: "    scale: {quantity: 0.01}\n", error: [/sources\.order_lines\.scale: "quantity" is not an amount column of order_lines \(amounts: unit_price/] },
  { category: "reader options", name: "scale that is not positive", options: "    scale: {unit_price: -1}\n", error: [/sources\.order_lines\.scale\.unit_price must be a positive number, got -1/] },
  { category: "reader options", name: "invoice_id_rule unknown", options: "    invoice_id_rule: per_day\n", error: [/sources\.order_lines\.invoice_id_rule must be one of (customer_day, customer_time|customer_time, customer_day), got "per_day"/] },
  { category: "reader options", name: "number_lines that is not true or false", options: "    number_lines: sometimes\n", error: [/sources\.order_lines\.number_lines must be true or false/] },
  { category: "reader options", name: "semicolons and decimal commas read", options: '    delimiter: ";"\n    decimal_separator: ","\n', files: { "raw/lines.csv": uciCsv([line("536365", { price: "2,55" })]).replace(/,/g, ";").replace("2;55", "2,55") }, rows: 1 },

  // The config file itself: file, entry and key.
  { category: "config", name: "invalid YAML", config: "name: x\nsources: [\n", error: [/analytics\.config\.yml: not valid YAML/] },
  { category: "config", name: "a misspelt top-level key", config: "name: x\nsorces: {}\n", error: [/analytics\.config\.yml: unknown key "sorces"\. Did you mean "sources"\?/] },
  { category: "config", name: "a misspelt source key", options: "    delimeter: ;\n", error: [/sources\.order_lines: unknown key "delimeter"\. Did you mean "delimiter"\?/] },
  { category: "config", name: "a table that does not exist", config: "name: x\nsources:\n  order_line:\n    path: raw/lines.csv\n", error: [/sources\.order_line: "order_line" is not a canonical table .*Did you mean "order_lines"\?/] },
  { category: "config", name: "an unknown preset", config: orderLines("raw/lines.csv").replace("uci_online_retail", "uci"), error: [/sources\.order_lines: unknown preset "uci" for order_lines \(known: /] },
  { category: "config", name: "a column mapping to a column the table lacks", options: "    columns: {customer: CustomerID}\n", error: [/sources\.order_lines\.columns: "customer" is not a column of order_lines\./] },
  { category: "config", name: "a name with a space", config: "name: my shop\nsources: {}\n", error: [/name "my shop" may use letters, digits, '\.', '_' and '-' only/] },
  { category: "config", name: "both path and sql", options: "    sql: select 1\n", error: [/sources\.order_lines: give either path \(a file, folder or glob\) or sql/] },
  { category: "config", name: "no path", config: "name: x\nsources:\n  order_lines:\n    preset: canonical\n", error: [/sources\.order_lines\.path is missing \(or give sql: a query over raw files\)/] },
  { category: "config", name: "experiment_metrics as a file", config: "name: x\nsources:\n  experiment_metrics:\n    path: raw/m.csv\n", error: [/experiment_metrics is written from the outcomes list of sources\.experiment_assignments/] },
  { category: "config", name: "outcomes on order lines", options: "    outcomes: [{column: x, kind: mean}]\n", error: [/sources\.order_lines: outcomes belong to sources\.experiment_assignments/] },
  { category: "config", name: "a source override naming a table that does not exist", env: { ANALYTICS_SOURCE_ORDER_LINE: "raw/lines.csv" }, files: csv(good), error: [/source override order_line: "order_line" is not a canonical table/] },

  // Vars: name, type and range, with where each was set.
  { category: "vars", name: "a misspelt var", vars: ["churn_windw_days=120"], error: [/--var churn_windw_days=120: unknown var "churn_windw_days"\. Did you mean "churn_window_days"\?/, /declared in data-loaders\/models\/vars\.yml/] },
  { category: "vars", name: "a word for a number", vars: ["churn_window_days=abc"], error: [/--var churn_window_days=abc: var churn_window_days is "abc"; it must be a whole number, at least 1 and at most 3650/] },
  { category: "vars", name: "below the range", vars: ["churn_window_days=-5"], error: [/var churn_window_days is -5; it must be a whole number, at least 1/] },
  { category: "vars", name: "above the range", vars: ["churn_window_days=4000"], error: [/var churn_window_days is 4000; it must be .* at most 3650/] },
  { category: "vars", name: "a fraction for a whole number", vars: ["churn_window_days=2.5"], error: [/var churn_window_days is 2\.5; it must be a whole number/] },
  { category: "vars", name: "a date that does not exist", vars: ["snapshot_date=2011-02-30"], error: [/var snapshot_date is "2011-02-30"; it must be a date written YYYY-MM-DD/] },
  { category: "vars", name: "a value outside its list", vars: ["customer_value_basis=gros"], error: [/var customer_value_basis is "gros"; it must be a text, one of "net", "gross"/] },
  { category: "vars", name: "an unknown var from the environment", env: { ANALYTICS_VAR_CHURN_DAYS: "90" }, error: [/environment variable ANALYTICS_VAR_CHURN_DAYS: unknown var "churn_days"/] },
  { category: "vars", name: "an unknown var in the config", config: "name: x\nsources: {}\nvars:\n  curency: EUR\n", error: [/analytics\.config\.yml: vars\.curency: unknown var "curency"\. Did you mean "currency"\?/] },
  { category: "vars", name: "vars that is not a mapping", config: "name: x\nsources: {}\nvars: [1, 2]\n", error: [/analytics\.config\.yml: vars must be a mapping of name: value/] },
  { category: "vars", name: "a --var without =", vars: ["churn_window_days"], error: [/--var expects name=value, got "churn_window_days"/] },

  // Seeds an analyst edits.
  { category: "seeds", name: "an empty seed", seed: "", error: [/seeds\/bad\.csv: the seed is empty; it needs a header row/] },
  { category: "seeds", name: "a seed of blank lines", seed: "\n\n", error: [/seeds\/bad\.csv: the seed is empty/] },
  { category: "seeds", name: "a seed header with an empty name", seed: "a,,c\n1,2,3\n", error: [/seeds\/bad\.csv: .*header row has an empty column name \(column 2\)/] },
  { category: "seeds", name: "a ragged seed row", seed: "name,value\nx,1\ny,2,3\n", error: [/seeds\/bad\.csv: row 2 has 3 fields but the header has 2 \(name, value\)/] },

  // Parquet: the same checks on typed columns.
  { category: "parquet", name: "a fractional quantity", config: orderLines("raw/lines.parquet"), files: { "raw/lines.parquet": { parquet: pq({ Quantity: "2.5::DOUBLE" }) } }, error: [/raw\/lines\.parquet, row 1, column Quantity: "2\.5" is not a whole number/] },
  { category: "parquet", name: "a missing column", config: orderLines("raw/lines.parquet"), files: { "raw/lines.parquet": { parquet: pq({}).replace(", '17850' AS CustomerID", "") } }, error: [/raw\/lines\.parquet: column "CustomerID" is missing \(it holds order_lines\.customer_id, preset uci_online_retail\)/] },
  { category: "parquet", name: "a file that is not Parquet", config: orderLines("raw/lines.parquet"), files: { "raw/lines.parquet": uciCsv([good]) }, error: [/raw\/lines\.parquet: could not be read as PARQUET/] },
  { category: "parquet", name: "no rows", config: orderLines("raw/lines.parquet"), files: { "raw/lines.parquet": { parquet: `${pq({})} LIMIT 0` } }, error: [/raw\/lines\.parquet: the file has a header but no data rows/] },
  { category: "parquet", name: "ambiguous text dates", config: orderLines("raw/lines.parquet"), files: { "raw/lines.parquet": { parquet: pq({ InvoiceDate: "'01/02/2011 08:26'" }) } }, error: [/raw\/lines\.parquet, column InvoiceDate: ambiguous dates: "01\/02\/2011 08:26"/, /Set timestamp_format on the source/] },
  { category: "parquet", name: "text dates a day over 12 decides", config: orderLines("raw/lines.parquet"), files: { "raw/lines.parquet": { parquet: `${pq({ InvoiceDate: "'25/01/2011 08:26'" })} UNION ALL ${pq({ InvoiceDate: "'02/03/2011 08:26'" })}` } }, rows: 2 },
  { category: "parquet", name: "a time stamp with a zone reads (converted to UTC)", config: orderLines("raw/lines.parquet"), files: { "raw/lines.parquet": { parquet: pq({ InvoiceDate: "TIMESTAMPTZ '2010-12-01 10:00:00+05:00'" }) } }, rows: 1 },
  { category: "parquet", name: "a quantity that does not fit a whole number", config: orderLines("raw/lines.parquet"), files: { "raw/lines.parquet": { parquet: pq({ Quantity: "3e9::DOUBLE" }) } }, error: [/raw\/lines\.parquet, row 1, column Quantity: "3000000000(\.0)?" is not a whole number/] },

  // Other tables.
  { category: "other tables", name: "events without an event name column", config: "name: x\nsources:\n  events:\n    path: raw/events.csv\n    preset: canonical\n", files: { "raw/events.csv": "user_id,session_id,event_at\nu1,s1,2011-01-01 10:00:00\n" }, error: [/raw\/events\.csv: column "event_name" is missing \(it holds events\.event_name, preset canonical\)/] },
  { category: "other tables", name: "an experiment assignment dated with a word", config: "name: x\nsources:\n  experiment_assignments:\n    path: raw/ab.csv\n    preset: canonical\n", files: { "raw/ab.csv": "experiment_id,user_id,variant,assigned_at\nexp,u1,control,2011-01-01\nexp,u2,treatment,yesterday\n" }, error: [/raw\/ab\.csv, row 2 \(line 3\), column assigned_at: "yesterday" is not a date-time \(canonical experiment_assignments\.assigned_at\)/] },
  { category: "dates", name: "ambiguous dates in a joined file", config: stepTables, files: { "raw/home.csv": "user_id,page\n1,home_page\n2,home_page\n", "raw/users.csv": "user_id,date\n1,01/02/2015\n2,03/04/2015\n" }, error: [/raw\/users\.csv, column date: ambiguous dates: "01\/02\/2015" \(1 February 2015 day first, 2 January 2015 month first\)/, /"%d\/%m\/%Y" for day first or "%m\/%d\/%Y" for month first/] },
  { category: "dates", name: "a day over 12 in a joined file decides day first", config: stepTables, files: { "raw/home.csv": "user_id,page\n1,home_page\n2,home_page\n", "raw/users.csv": "user_id,date\n1,25/01/2015\n2,02/03/2015\n" }, rows: 2 },
  { category: "other tables", name: "a joined file with a repeated key", config: "name: x\nsources:\n  events:\n    path: [raw/home.csv]\n    preset: step_table\n    join:\n      path: raw/users.csv\n      on: {user_id: user_id}\n      columns: {event_at: date}\n", files: { "raw/home.csv": "user_id,page\n1,home_page\n", "raw/users.csv": "user_id,date\n1,2015-01-01\n1,2015-01-02\n" }, error: [/raw\/users\.csv, rows 1, 2, column user_id: '1' appears 2 times; a joined file needs one row per user_id/] },
];

/** Order lines that build: [case, its lines, expected outcome counts]; each case's invoices carry its own suffix. */
export interface LedgerCase {
  category: string;
  name: string;
  lines: string[];
  outcomes: Record<string, number>;
}

export const ledgerCases: LedgerCase[] = [
  { category: "plausibility", name: "an invoice dated 2099", lines: [good, line("536366", { at: "2099-12-01 08:26:00" })], outcomes: { kept: 1, implausible_value: 1 } },
  { category: "plausibility", name: "an invoice dated year 1", lines: [good, line("536366", { at: "0001-12-01 08:26:00" })], outcomes: { kept: 1, implausible_value: 1 } },
  { category: "plausibility", name: "a quantity of 2e9", lines: [good, line("536366", { quantity: "2e9" })], outcomes: { kept: 1, implausible_value: 1 } },
  { category: "plausibility", name: "a unit price over the bound", lines: [line("536366", { price: "1000000.01" })], outcomes: { implausible_value: 1 } },
  { category: "null tokens", name: "NULL, None, nan, N/A and #N/A customers are guests", lines: ["NULL", "None", "nan", "N/A", "#N/A"].map((c, i) => line(`53637${i}`, { customer: c })), outcomes: { guest_checkout: 5 } },
  { category: "null tokens", name: "NA (Namibia) stays a country", lines: [line("536365", { country: "NA" })], outcomes: { kept: 1 } },
  { category: "duplicates", name: "an exact double entry", lines: [good, good, line("536366")], outcomes: { kept: 2, duplicate: 1 } },
  { category: "duplicates", name: "the same product twice on an invoice at another price is not a duplicate", lines: [good, line("536365", { price: "2.65" })], outcomes: { kept: 2 } },
  { category: "dates", name: "offsets converted, rows kept", lines: [line("536365", { at: "2010-12-01 10:00:00+05:00" }), line("536366", { at: "2010-12-01T10:00:00Z" })], outcomes: { kept: 2 } },
  { category: "values", name: "a zero quantity", lines: [line("536365", { quantity: "0" })], outcomes: { suspicious_entry: 1 } },
  { category: "values", name: "a zero price", lines: [line("536365", { price: "0" })], outcomes: { zero_price: 1 } },
  { category: "values", name: "a credit note and a return", lines: [line("C536365", { quantity: "-1" }), line("536366", { quantity: "-2" })], outcomes: { credit_note: 1, return: 1 } },
];
