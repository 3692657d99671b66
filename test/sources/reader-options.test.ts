// Every reader option with a file that needs it: whitespace-separated without a header (CDNOW's
// raw layout), semicolons with decimal commas, lines to skip before the header, a file with no
// header, Latin-1 text, a custom quote. Each reads to the same rows as the plain CSV.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const uciNames = "[InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country]";
const config = (options: string) => `name: test\nsources:\n  order_lines:\n    path: raw/lines.txt\n    preset: uci_online_retail\n${options}`;
const plain = uciCsv(["536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,France", "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,Spain"]);

async function rows(files: Record<string, string | Buffer>): Promise<Row[]> {
  const project = tempProject();
  for (const [path, content] of Object.entries(files)) {
    if (typeof content === "string") project.write(path, content);
    else {
      project.write(path, "");
      writeFileSync(join(project.root, path), content);
    }
  }
  await project.run();
  const { instance, connection } = await openDatabase(`${project.root}/.cache/warehouse.duckdb`);
  try {
    return await queryRows(connection, "select invoice_id, product_id, product_name, quantity, unit_price::double as price, strftime(invoiced_at, '%Y-%m-%d %H:%M') as at, customer_id, country from src_order_lines order by invoice_id");
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("reader options", () => {
  test("each layout reads to the rows of the plain CSV", async () => {
    const expected = await rows({ "analytics.config.yml": config(""), "raw/lines.txt": plain });
    expect(expected).toHaveLength(2);
    const whitespace = "  536365   85123A HEART   6 2010-12-01T08:26:00  2.55 17850 France\r\n\r\nC536379\tD Discount  -1 2010-12-01T09:41:00 27.5 14527   Spain\r\n";
    expect(await rows({ "analytics.config.yml": config(`    delimiter: whitespace\n    header: false\n    column_names: ${uciNames}\n`), "raw/lines.txt": whitespace })).toEqual(expected);
    const semicolons = "exported by the shop\nweek 48\n" + plain.replace(/,/g, ";").replace("2.55", "2,55").replace("27.5", "27,5");
    expect(await rows({ "analytics.config.yml": config('    delimiter: ";"\n    decimal_separator: ","\n    skip: 2\n'), "raw/lines.txt": semicolons })).toEqual(expected);
    const headerless = plain.split("\n").slice(1).join("\n");
    expect(await rows({ "analytics.config.yml": config(`    header: false\n    column_names: ${uciNames}\n`), "raw/lines.txt": headerless })).toEqual(expected);
    const tabs = plain.replace(/,/g, "\t");
    expect(await rows({ "analytics.config.yml": config("    delimiter: tab\n"), "raw/lines.txt": tabs })).toEqual(expected);
    const quoted = plain.replace("HEART", "'HEART, RED'");
    const withQuote = await rows({ "analytics.config.yml": config(`    quote: "'"\n`), "raw/lines.txt": quoted });
    expect(withQuote.map((r) => r.product_name)).toEqual(["HEART, RED", "Discount"]);
  });

  test("Latin-1 text reads with encoding: latin-1", async () => {
    const latin1 = Buffer.from(plain.replace("France", "Curaçao"), "latin1");
    const read = await rows({ "analytics.config.yml": config("    encoding: latin-1\n"), "raw/lines.txt": latin1 });
    expect(read.map((r) => r.country)).toEqual(["Curaçao", "Spain"]);
  });

  test("UTF-16 text (as spreadsheets save 'Unicode text') reads with encoding: utf-16", async () => {
    const utf16 = Buffer.from(`\ufeff${plain.replace("France", "Curaçao")}`, "utf16le");
    const read = await rows({ "analytics.config.yml": config("    encoding: utf-16\n"), "raw/lines.txt": utf16 });
    expect(read.map((r) => r.country)).toEqual(["Curaçao", "Spain"]);
  });

  test("a whitespace line with a missing field is an error, never padded with a null", async () => {
    const ragged = "536365 85123A HEART 6 2010-12-01T08:26:00 2.55 17850 France\n536366 85123A HEART 6 2010-12-01T08:26:00 2.55 France\n";
    await expect(rows({ "analytics.config.yml": config(`    delimiter: whitespace\n    column_names: ${uciNames}\n`), "raw/lines.txt": ragged })).rejects.toThrow(/another number of fields than the 8 column_names/);
  });

  test("bad options are named with what they accept", () => {
    const project = tempProject();
    const load = (options: string) => () => loadConfig({ configPath: project.write("analytics.config.yml", config(options)), env: {} });
    expect(load('    delimiter: "||"\n')).toThrow(/sources\.order_lines\.delimiter must be one character, "tab" or "whitespace", got "\|\|"/);
    expect(load("    header: false\n")).toThrow(/header: false needs column_names/);
    expect(load("    encoding: cp1252\n")).toThrow(/encoding must be one of utf-8, utf-16, latin-1/);
    expect(load("    skip: -1\n")).toThrow(/skip must be a whole number of lines/);
    expect(load("    delimeter: ;\n")).toThrow(/unknown key "delimeter"\. Did you mean "delimiter"\? A source takes: path, sql, preset, columns, timestamp_format, null_values, delimiter, header, column_names, quote, skip, decimal_separator, encoding, constants, join, scale, invoice_id_rule, number_lines, status, outcomes/);
  });
});
