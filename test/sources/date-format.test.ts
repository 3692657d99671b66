// A text date format is never guessed: when every day is at most 12 the build stops naming the file,
// column, two values with both of their readings and the timestamp_format to set; when a day over
// 12 decides it, that format is used and said on stderr; a column mixing both orders is named; a
// configured timestamp_format wins. A folder source reads all its files in one order. Expected dates
// are worked by hand from the fixture text.
import { describe, expect, test } from "vitest";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { candidateFormats } from "../../data-loaders/sources/date-format.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const config = (extra = "") => `name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n${extra}`;
const line = (invoice: string, at: string) => `${invoice},85123A,HEART,6,${at},2.55,17850,United Kingdom`;

async function load(csv: string, extra = "") {
  const project = tempProject({ "analytics.config.yml": config(extra), "raw/lines.csv": csv });
  const summary = await project.run();
  const { instance, connection } = await openDatabase(`${project.root}/.cache/warehouse.duckdb`);
  try {
    const rows = await queryRows(connection, "select invoice_id, strftime(invoiced_at, '%Y-%m-%d %H:%M:%S') as at from src_order_lines order by invoice_id");
    return { rows: rows.map((r) => [r.invoice_id, r.at]), log: summary.log.map((l) => l.replaceAll(`${project.root}/`, "")) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A folder source of several files (raw/<name>), each its own CSV; the rows or the error. */
async function loadFolder(files: Record<string, string>): Promise<{ rows?: unknown[][]; log: string[]; error?: string }> {
  const project = tempProject({ "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/\n    preset: uci_online_retail\n", ...Object.fromEntries(Object.entries(files).map(([name, csv]) => [`raw/${name}`, csv])) });
  const log: string[] = [];
  try {
    await project.run({ log: (l) => log.push(l.replaceAll(`${project.root}/`, "")) });
  } catch (error) {
    return { log, error: (error as Error).message.replaceAll(`${project.root}/`, "") };
  }
  const { instance, connection } = await openDatabase(`${project.root}/.cache/warehouse.duckdb`);
  try {
    const rows = await queryRows(connection, "select invoice_id, strftime(invoiced_at, '%Y-%m-%d %H:%M:%S') as at from src_order_lines order by invoice_id");
    return { rows: rows.map((r) => [r.invoice_id, r.at]), log };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function failure(csv: string, extra = ""): Promise<string> {
  const project = tempProject({ "analytics.config.yml": config(extra), "raw/lines.csv": csv });
  try {
    await project.run();
  } catch (error) {
    return (error as Error).message.replaceAll(`${project.root}/`, "");
  }
  throw new Error("expected the run to fail");
}

describe("a text date format is detected, never guessed", () => {
  test("every day at most 12: an error naming file, column, two values read both ways and the option", async () => {
    const message = await failure(uciCsv([line("1", "01/02/2011 08:26"), line("2", "01/02/2011 09:00"), line("3", "03/04/2011 10:00"), line("4", "05/05/2011 10:00")]));
    expect(message).toBe(
      'raw/lines.csv, column InvoiceDate: ambiguous dates: "01/02/2011 08:26" (1 February 2011 day first, 2 January 2011 month first) and "03/04/2011 10:00" (3 April 2011 day first, 4 March 2011 month first); ' +
        'no day in the file is over 12, so the data cannot tell day-first from month-first. Set timestamp_format on the source (configured in analytics.config.yml: sources.order_lines): "%d/%m/%Y %H:%M" for day first or "%m/%d/%Y %H:%M" for month first',
    );
  });

  test("the same file with timestamp_format reads as the config says", async () => {
    const csv = uciCsv([line("1", "01/02/2011 08:26"), line("2", "03/04/2011 10:00")]);
    expect((await load(csv, '    timestamp_format: "%m/%d/%Y %H:%M"\n')).rows).toEqual([["1", "2011-01-02 08:26:00"], ["2", "2011-03-04 10:00:00"]]);
    expect((await load(csv, '    timestamp_format: "%d/%m/%Y %H:%M"\n')).rows).toEqual([["1", "2011-02-01 08:26:00"], ["2", "2011-04-03 10:00:00"]]);
  });

  test("a day over 12 decides day first: used for every row and stated", async () => {
    const { rows, log } = await load(uciCsv([line("1", "01/02/2011 08:26"), line("2", "25/12/2010 10:00"), line("3", "3/4/2011 7:05")]));
    expect(rows).toEqual([["1", "2011-02-01 08:26:00"], ["2", "2010-12-25 10:00:00"], ["3", "2011-04-03 07:05:00"]]);
    expect(log).toContain('  raw/lines.csv, column InvoiceDate: time stamps read as "%d/%m/%Y %H:%M" (day first: row 2 "25/12/2010 10:00" reads no other way); set timestamp_format on the source to make it explicit');
  });

  test("a day over 12 in second place decides month first, dots and seconds too", async () => {
    const { rows, log } = await load(uciCsv([line("1", "01.02.2011 08:26:01"), line("2", "12.31.2010 23:59:59")]));
    expect(rows).toEqual([["1", "2011-01-02 08:26:01"], ["2", "2010-12-31 23:59:59"]]);
    expect(log.some((l) => l.includes('time stamps read as "%m.%d.%Y %H:%M:%S" (month first: row 2 "12.31.2010 23:59:59"'))).toBe(true);
  });

  test("a column mixing both orders is named with a row of each", async () => {
    const message = await failure(uciCsv([line("1", "25/01/2011"), line("2", "02/03/2011"), line("3", "01/25/2011")]));
    expect(message).toMatch(/^raw\/lines\.csv, column InvoiceDate: the dates mix two orders: row 1 "25\/01\/2011" is day first \(%d\/%m\/%Y\), row 3 "01\/25\/2011" is month first \(%m\/%d\/%Y\)/);
  });

  test("a detected format still names a value that fits no date", async () => {
    const message = await failure(uciCsv([line("1", "25/01/2011 10:00"), line("2", "31/02/2011 10:00")]));
    expect(message).toMatch(/raw\/lines\.csv, row 2 \(line 3\), column InvoiceDate: "31\/02\/2011 10:00" is not a date-time as "%d\/%m\/%Y %H:%M", the format the other rows have/);
  });

  test("ISO dates need no detection and say nothing", async () => {
    const { rows, log } = await load(uciCsv([line("1", "2011-01-02 08:26:00")]));
    expect(rows).toEqual([["1", "2011-01-02 08:26:00"]]);
    expect(log.join("\n")).not.toMatch(/time stamps read as/);
  });

  test("a folder has one order: a file whose dates all read both ways takes the order another file decided, and says so", async () => {
    // 2011-01.csv decides day first (25/01); 2011-02.csv has only days up to 12, read day first too.
    const { rows, log } = await loadFolder({ "2011-01.csv": uciCsv([line("1", "25/01/2011 08:00")]), "2011-02.csv": uciCsv([line("2", "03/02/2011 09:00"), line("3", "12/02/2011 10:00")]) });
    expect(rows).toEqual([["1", "2011-01-25 08:00:00"], ["2", "2011-02-03 09:00:00"], ["3", "2011-02-12 10:00:00"]]);
    expect(log).toContain('  raw/2011-02.csv, column InvoiceDate: every date reads both ways; read as "%d/%m/%Y %H:%M", as raw/2011-01.csv of the same source decided');
    // The undecided file first in the folder: the order comes from a later file all the same.
    const later = await loadFolder({ "a.csv": uciCsv([line("4", "03/02/2011 09:00")]), "b.csv": uciCsv([line("5", "25/01/2011 08:00")]) });
    expect(later.rows).toEqual([["4", "2011-02-03 09:00:00"], ["5", "2011-01-25 08:00:00"]]);
  });

  test("files of one folder deciding two orders are an error naming both; no file deciding is the ambiguity error", async () => {
    const mixed = await loadFolder({ "a.csv": uciCsv([line("1", "25/01/2011 08:00")]), "b.csv": uciCsv([line("2", "01/25/2011 08:00")]) });
    expect(mixed.error).toMatch(/^raw\/b\.csv reads its dates as "%m\/%d\/%Y %H:%M" but raw\/a\.csv, of the same source, as "%d\/%m\/%Y %H:%M": the files mix two date orders/);
    const neither = await loadFolder({ "a.csv": uciCsv([line("1", "01/02/2011 08:00")]), "b.csv": uciCsv([line("2", "03/04/2011 08:00")]) });
    expect(neither.error).toMatch(/^raw\/a\.csv, column InvoiceDate: ambiguous dates: .*\. No other file of the source decides it either$/);
  });

  test("the shapes a value allows", () => {
    expect(candidateFormats("1/2/11")).toEqual(["%d/%m/%y", "%m/%d/%y"]);
    expect(candidateFormats("01-02-2011T08:26")).toEqual(["%d-%m-%YT%H:%M", "%m-%d-%YT%H:%M"]);
    expect(candidateFormats("2011/01/02 08:26:00")).toEqual(["%Y/%m/%d %H:%M:%S"]);
    expect(candidateFormats("Jan 2, 2011")).toEqual([]);
  });
});
