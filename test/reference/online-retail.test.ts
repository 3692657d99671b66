// The pipeline on the real UCI Online Retail file reproduces the published figures in
// ../shared/data/README.md exactly, and the ledger accounts for every raw row.
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { runPipeline } from "../../data-loaders/pipeline/run.ts";
import { readParquet, tempProject } from "../helpers/temp-project.ts";

const cacheDir = join(tempProject().root, ".cache");
let warehouse: (sql: string) => Promise<Row[]>;

beforeAll(async () => {
  const config = { ...loadConfig({ configPath: join(projectRoot, "configs", "online-retail.yml"), env: {} }), cacheDir };
  const summary = await runPipeline({ config, log: () => {} });
  expect(summary.failed).toBe(false);
  warehouse = async (sql) => {
    const { instance, connection } = await openDatabase(join(cacheDir, "warehouse.duckdb"));
    try {
      return await queryRows(connection, sql);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  };
});

describe("Online Retail, raw file as read by the adapter", () => {
  test("rows, descriptions, customers, invoices, credit notes, countries", async () => {
    const [raw] = await warehouse(`select
      count(*)::int as rows,
      count(product_name)::int as descriptions,
      count(customer_id)::int as with_customer,
      count(distinct customer_id)::int as customers,
      count(distinct invoice_id)::int as invoices,
      count(distinct invoice_id) filter (where invoice_id like 'C%')::int as credit_notes,
      count(*) filter (where invoice_id like 'C%')::int as credit_note_rows,
      count(distinct country)::int as countries
      from src_order_lines`);
    expect(raw).toEqual({ rows: 541909, descriptions: 540455, with_customer: 406829, customers: 4372, invoices: 25900, credit_notes: 3836, credit_note_rows: 9288, countries: 38 });
  });

  test("5,268 rows are exact duplicates of another row", async () => {
    const [{ duplicates }] = await warehouse("select (count(*) - (select count(*) from (select distinct * from src_order_lines)))::int as duplicates from src_order_lines");
    expect(duplicates).toBe(5268);
  });
});

describe("Online Retail, standard filter (customer present, quantity > 0, price > 0)", () => {
  test("397,884 rows, 4,338 customers, 18,532 invoices, revenue 8,911,407.90", async () => {
    const [summary] = await readParquet(join(cacheDir, "marts", "store_summary.parquet"));
    expect({
      lines: Number(summary.lines_kept),
      customers: Number(summary.customers),
      invoices: Number(summary.invoices),
      revenue: Number(summary.revenue).toFixed(2),
    }).toEqual({ lines: 397884, customers: 4338, invoices: 18532, revenue: "8911407.90" });
  });

  test("the ledger adds up to all 541,909 rows and its revenue to the net revenue of every line", async () => {
    const [totals] = await readParquet(join(cacheDir, "marts", "order_line_ledger.parquet"), "select sum(lines)::int as lines, sum(revenue)::double as revenue from t");
    const [all] = await warehouse("select sum(quantity * unit_price)::double as revenue from src_order_lines");
    expect(totals.lines).toBe(541909);
    expect(totals.revenue).toBeCloseTo(all.revenue as number, 6);
  });
});
