// A source can be a DuckDB query over raw files. dbt's jaffle shop (orders + payments in cents +
// a status) loads through configs/jaffle-shop.yml with no preprocessing script, and its customers,
// orders and revenue, gross and net of returned orders, equal a count made here in plain
// TypeScript over the raw CSVs. The query gets the checks of a file source.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject } from "../helpers/temp-project.ts";
import { sharedDataFile } from "../helpers/shared-data.ts";

const { path: jaffle, present } = sharedDataFile("jaffle-shop", "jaffle shop through configs/jaffle-shop.yml");
const csv = (file: string) => readFileSync(join(jaffle, file), "utf8").trim().split(/\r?\n/).slice(1).map((line) => line.split(","));

describe.skipIf(!present)("jaffle shop through a SQL source", () => {
  test("customers, orders, gross and net revenue equal a hand count over the raw files", async () => {
    // The hand count: an order's value is the sum of its payments in cents / 100; an order paid 0
    // is no sale (the ledger excludes zero-price lines); a returned order is taken back in full.
    const cents = new Map<string, number>();
    for (const [, orderId, , amount] of csv("raw_payments.csv")) cents.set(orderId, (cents.get(orderId) ?? 0) + Number(amount));
    const sales = csv("raw_orders.csv").filter(([id]) => (cents.get(id) ?? 0) > 0);
    const gross = sales.reduce((sum, [id]) => sum + cents.get(id)! / 100, 0);
    const returned = sales.filter(([, , , status]) => status === "returned").reduce((sum, [id]) => sum + cents.get(id)! / 100, 0);
    const customers = new Set(sales.map(([, user]) => user)).size;

    const project = tempProject();
    const config = { ...loadConfig({ configPath: join(projectRoot, "configs", "jaffle-shop.yml"), env: {} }), cacheDir: join(project.root, ".cache") };
    const run = await project.run({ config, modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["store_summary"] });
    expect(run.failed).toBe(false);
    const [summary] = await project.mart("store_summary");
    expect({ invoices: Number(summary.invoices), customers: Number(summary.customers), revenue: Number(summary.revenue), net: Number(summary.net_revenue) })
      .toEqual({ invoices: sales.length, customers, revenue: gross, net: gross - returned });
    expect([sales.length, customers, gross, gross - returned]).toEqual([98, 62, 1672, 1623]);
  });
});

describe("SQL source checks", () => {
  const config = (sql: string) => `name: t\nsources:\n  order_lines:\n    sql: |\n${sql.split("\n").map((l) => `      ${l}`).join("\n")}\n`;
  const lines = "invoice,product,qty,price,ts,customer\n1,A,2,1.5,2020-01-01 10:00:00,c1\n";

  test("a missing canonical column is named with what the query returns; columns: maps names", async () => {
    const project = tempProject({ "raw/lines.csv": lines });
    const bad = "select invoice as invoice_id, product as product_id, product as product_name, qty as quantity, price as unit_price, ts as invoiced_at from 'raw/lines.csv'";
    project.write("analytics.config.yml", config(bad));
    await expect(project.run()).rejects.toThrow(/analytics\.config\.yml: sources\.order_lines\.sql: the query has no column "customer_id" \(it holds order_lines\.customer_id\)\. The query returns: invoice_id, product_id, product_name, quantity, unit_price, invoiced_at/);
    project.write("analytics.config.yml", config(`${bad.replace(" from", ", customer as client, 'X' as country from")}`) + "    columns: {customer_id: client}\n");
    const run = await project.run();
    expect(run.steps.find((s) => s.name === "src_order_lines")?.rows).toBe(1);
  });

  test("a query error and a rounded value are named; path and sql together are refused", async () => {
    const project = tempProject({ "raw/lines.csv": lines.replace(",2,", ",2.5,") });
    project.write("analytics.config.yml", config("select * from 'raw/missing.csv'"));
    await expect(project.run()).rejects.toThrow(/sources\.order_lines\.sql: the query failed: .*missing\.csv/);
    project.write("analytics.config.yml", config("select invoice as invoice_id, product as product_id, product as product_name, qty as quantity, price as unit_price, ts as invoiced_at, customer as customer_id, 'X' as country from 'raw/lines.csv'"));
    await expect(project.run()).rejects.toThrow(/column quantity must be a whole number/);
    expect(() => loadConfig({ configPath: project.write("analytics.config.yml", "sources:\n  order_lines:\n    path: x.csv\n    sql: select 1\n"), env: {} })).toThrow(/give either path .* or sql .*, not both/);
  });
});
