// No value is changed on its way in: a fractional quantity or a price with more decimals than the
// canonical column keeps is an error naming file, row and column (never rounded); a time stamp
// with an offset is converted to UTC (never read as the clock time with the offset dropped); the
// common "no value" texts read as null, from a documented list a source can replace.
import { describe, expect, test } from "vitest";
import { openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const config = (path: string, extra = "") => `name: test\nsources:\n  order_lines:\n    path: ${path}\n    preset: uci_online_retail\n${extra}`;
const line = (invoice: string, quantity: string, at: string, price: string, customer: string, country = "United Kingdom") =>
  `${invoice},85123A,HEART,${quantity},${at},${price},${customer},${country}`;

async function sourceRows(files: Record<string, string>): Promise<Row[]> {
  const project = tempProject(files);
  await project.run();
  const { instance, connection } = await openDatabase(`${project.root}/.cache/warehouse.duckdb`);
  try {
    return await queryRows(connection, "select invoice_id, quantity, unit_price::varchar as price, strftime(invoiced_at, '%Y-%m-%d %H:%M:%S') as at, customer_id, country from src_order_lines order by invoice_id");
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function failure(files: Record<string, string>): Promise<string> {
  try {
    await tempProject(files).run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the run to fail");
}

describe("values arrive unchanged", () => {
  test("a fractional quantity is an error with file, row and column, not a rounded number", async () => {
    const message = await failure({ "analytics.config.yml": config("raw/lines.csv"), "raw/lines.csv": uciCsv([line("1", "6", "2010-12-01 08:26:00", "2.55", "1"), line("2", "2.5", "2010-12-01 08:26:00", "2.55", "1")]) });
    expect(message).toMatch(/raw\/lines\.csv, row 2 \(line 3\), column Quantity: "2\.5" is not a whole number \(canonical order_lines\.quantity\)\. 1 row\(s\) like this/);
  });

  test("a price with more than four decimals is an error, not rounded to 2.1235", async () => {
    const message = await failure({ "analytics.config.yml": config("raw/lines.csv"), "raw/lines.csv": uciCsv([line("1", "6", "2010-12-01 08:26:00", "2.12345", "1")]) });
    expect(message).toMatch(/row 1 \(line 2\), column UnitPrice: "2\.12345" is not a number with at most 4 decimal places/);
  });

  test("offsets are converted to UTC; times without one are kept as written; whole-number decimals are fine; a missing number stays missing", async () => {
    const rows = await sourceRows({
      "analytics.config.yml": config("raw/lines.csv"),
      "raw/lines.csv": uciCsv([
        line("1", "6", "2010-12-01 10:00:00+05:00", "2.55", "1"),
        line("2", "6.0", "2010-12-01T10:00:00Z", "2.5500", "1"),
        line("3", "-3", "2010-12-01 10:00:00", "0.0001", "1"),
        line("4", "1", "2010-12-01 23:30:00-02:00", "1e1", "1"),
        line("5", "", "2010-12-01 10:00:00", "", "1"),
      ]),
    });
    expect(rows.map((r) => [r.invoice_id, r.quantity, r.price, r.at])).toEqual([
      ["1", 6, "2.5500", "2010-12-01 05:00:00"],
      ["2", 6, "2.5500", "2010-12-01 10:00:00"],
      ["3", -3, "0.0001", "2010-12-01 10:00:00"],
      ["4", 1, "10.0000", "2010-12-02 01:30:00"],
      ["5", null, null, "2010-12-01 10:00:00"],
    ]);
  });

  test("the common no-value texts read as null; NA (Namibia) does not; a source can replace the list", async () => {
    const csv = uciCsv([
      line("1", "1", "2010-12-01 10:00:00", "1", "NULL"),
      line("2", "1", "2010-12-01 10:00:00", "1", "None"),
      line("3", "1", "2010-12-01 10:00:00", "1", "nan"),
      line("4", "1", "2010-12-01 10:00:00", "1", "N/A", "NA"),
      line("5", "1", "2010-12-01 10:00:00", "1", "#N/A", "-"),
    ]);
    const byDefault = await sourceRows({ "analytics.config.yml": config("raw/lines.csv"), "raw/lines.csv": csv });
    expect(byDefault.map((r) => [r.customer_id, r.country])).toEqual([[null, "United Kingdom"], [null, "United Kingdom"], [null, "United Kingdom"], [null, "NA"], [null, "-"]]);
    const replaced = await sourceRows({ "analytics.config.yml": config("raw/lines.csv", '    null_values: ["", "-"]\n'), "raw/lines.csv": csv });
    expect(replaced.map((r) => [r.customer_id, r.country])).toEqual([["NULL", "United Kingdom"], ["None", "United Kingdom"], ["nan", "United Kingdom"], ["N/A", "NA"], ["#N/A", null]]);
  });

  test("Parquet: a binary float price keeps its written value, a fractional quantity fails, offsets become UTC, listed no-value texts are null", async () => {
    const project = tempProject();
    const { instance, connection } = await openDatabase();
    const write = async (name: string, quantity: string) => {
      await connection.run(`COPY (SELECT '1' AS InvoiceNo, 'A' AS StockCode, 'X' AS Description, ${quantity}::DOUBLE AS Quantity,
        TIMESTAMPTZ '2010-12-01 10:00:00+05:00' AS InvoiceDate, 2.55::DOUBLE AS UnitPrice, 'None' AS CustomerID, 'France' AS Country) TO '${project.root}/${name}' (FORMAT parquet)`);
    };
    await write("good.parquet", "6");
    await write("bad.parquet", "2.5");
    connection.closeSync();
    instance.closeSync();
    const rows = await sourceRows({ "analytics.config.yml": config(`${project.root}/good.parquet`, '    null_values: ["None"]\n') });
    expect(rows.map((r) => [r.quantity, r.price, r.at, r.customer_id])).toEqual([[6, "2.5500", "2010-12-01 05:00:00", null]]);
    // Parquet has real nulls: without null_values its texts are kept as written.
    const asWritten = await sourceRows({ "analytics.config.yml": config(`${project.root}/good.parquet`) });
    expect(asWritten.map((r) => r.customer_id)).toEqual(["None"]);
    expect(await failure({ "analytics.config.yml": config(`${project.root}/bad.parquet`) })).toMatch(/bad\.parquet, row 1, column Quantity: "2\.5" is not a whole number/);
  });

  test("null_values must be a list of texts", async () => {
    expect(await failure({ "analytics.config.yml": config("raw/lines.csv", "    null_values: NULL\n"), "raw/lines.csv": uciCsv([line("1", "1", "2010-12-01 10:00:00", "1", "1")]) })).toMatch(/sources\.order_lines\.null_values must be a list of texts/);
  });
});
