// Bad input gives an error that names the file, the column and, where it applies, the row.
import { describe, expect, test } from "vitest";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const config = (path: string) => `name: test\nsources:\n  order_lines:\n    path: ${path}\n    preset: uci_online_retail\n`;
const good = "536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom";

async function failure(files: Record<string, string>): Promise<string> {
  const project = tempProject({ "analytics.config.yml": config("raw/lines.csv"), ...files });
  try {
    await project.run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the run to fail");
}

describe("source errors", () => {
  test("a missing file names the file and where it was configured", async () => {
    const message = await failure({});
    expect(message).toMatch(/raw\/lines\.csv: file not found \(configured in .*sources\.order_lines\)/);
  });

  test("an empty file", async () => {
    expect(await failure({ "raw/lines.csv": "" })).toMatch(/raw\/lines\.csv: the file is empty/);
  });

  test("a header with no rows", async () => {
    expect(await failure({ "raw/lines.csv": uciCsv([]) })).toMatch(/raw\/lines\.csv: the file has a header but no data rows/);
  });

  test("a misspelt column names it, suggests the closest and lists the file's columns", async () => {
    const csv = uciCsv([good]).replace("CustomerID", "CustomerId_");
    const message = await failure({ "raw/lines.csv": csv });
    expect(message).toContain('raw/lines.csv: column "CustomerID" is missing (it holds order_lines.customer_id, preset uci_online_retail). Did you mean "CustomerId_"?');
    expect(message).toContain("The file has: InvoiceNo, StockCode");
  });

  test("an unparsable number names file, row, line and column", async () => {
    const message = await failure({ "raw/lines.csv": uciCsv([good, good, good.replace(",6,", ",six,"), good.replace(",6,", ",x,")]) });
    expect(message).toMatch(/raw\/lines\.csv, row 3/);
    expect(message.split("lines.csv")[1]).toBe(', row 3 (line 4), column Quantity: "six" is not a whole number (canonical order_lines.quantity). 2 row(s) like this in the file.');
  });

  test("an unparsable date names file, row and column", async () => {
    const message = await failure({ "raw/lines.csv": uciCsv([good, good.replace("2010-12-01 08:26:00", "2010-13-45 08:26:00")]) });
    expect(message).toMatch(/raw\/lines\.csv, row 2 \(line 3\), column InvoiceDate: "2010-13-45 08:26:00" is not a date-time/);
  });

  test("an unparsable price", async () => {
    const message = await failure({ "raw/lines.csv": uciCsv([good.replace(",2.55,", ",£2.55,")]) });
    expect(message).toMatch(/raw\/lines\.csv, row 1 \(line 2\), column UnitPrice: "£2.55" is not a number/);
  });

  test("an unsupported file type", async () => {
    const message = await failure({ "analytics.config.yml": config("raw/lines.xlsx"), "raw/lines.xlsx": "x" });
    expect(message).toMatch(/raw\/lines\.xlsx: cannot read files ending in "\.xlsx"/);
  });
});

describe("source mapping", () => {
  test("the UCI preset maps columns, strips the float .0 from ids and keeps guests as null", async () => {
    const project = tempProject({
      "analytics.config.yml": config("raw/lines.csv"),
      "raw/lines.csv": uciCsv([good, "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom", "536370,POST,POSTAGE,3,2010-12-01 08:45:00,18,,France"]),
      "models/staging/stg_lines.sql": "select * from src_order_lines",
    });
    const result = await project.run();
    expect(result.failed).toBe(false);
    expect(result.steps.find((s) => s.name === "src_order_lines")?.rows).toBe(3);
    const { instance, connection } = await openDatabase(`${project.root}/.cache/warehouse.duckdb`);
    const rows = await queryRows(connection, "select invoice_id, customer_id, quantity, unit_price::double as price, strftime(invoiced_at, '%Y-%m-%d %H:%M') as at from src_order_lines order by invoice_id");
    connection.closeSync();
    instance.closeSync();
    expect(rows).toEqual([
      { invoice_id: "536365", customer_id: "17850", quantity: 6, price: 2.55, at: "2010-12-01 08:26" },
      { invoice_id: "536370", customer_id: null, quantity: 3, price: 18, at: "2010-12-01 08:45" },
      { invoice_id: "C536379", customer_id: "14527", quantity: -1, price: 27.5, at: "2010-12-01 09:41" },
    ]);
  });

  test("a source override on the command line replaces the configured file", async () => {
    const project = tempProject({ "analytics.config.yml": config("raw/missing.csv"), "raw/other.csv": uciCsv([good]) });
    const summary = await project.run({ config: project.config({ sources: [`order_lines=${project.root}/raw/other.csv#uci_online_retail`] }) });
    expect(summary.steps.find((s) => s.name === "src_order_lines")?.rows).toBe(1);
  });

  test("a non-ISO timestamp format is honoured", async () => {
    const project = tempProject({
      "analytics.config.yml": config("raw/lines.csv") + '    timestamp_format: "%m/%d/%Y %H:%M"\n',
      "raw/lines.csv": uciCsv([good.replace("2010-12-01 08:26:00", "12/1/2010 8:26")]),
    });
    const summary = await project.run();
    expect(summary.steps.find((s) => s.name === "src_order_lines")?.status).toBe("built");
  });
});
