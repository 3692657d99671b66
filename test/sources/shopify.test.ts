// The shopify_orders preset on a fixture written from Shopify's documented orders export (56
// columns, one row per line item, an order's own fields on its first row only): refunds and
// cancellations honoured, revenue equal to a count made by hand from the fixture, and the
// customer's email replaced by HMAC-SHA256 as it is read, so no email is anywhere in the cache
// (warehouse and marts) after a full run.
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { modelsDir, projectRoot, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject } from "../helpers/temp-project.ts";

const fixture = readFileSync(join(projectRoot, "test/sources/fixtures/shopify_orders_export.csv"), "utf8");
const config = "name: shop\nsources:\n  order_lines:\n    path: raw/orders_export.csv\n    preset: shopify_orders\nvars:\n  currency: USD\n";
const key = "test-key-0123456789abcdef";
const pseudonym = (email: string) => `c_${createHmac("sha256", key).update(email).digest("hex").slice(0, 16)}`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

describe("Shopify orders export", () => {
  const saved = process.env.ANALYTICS_PSEUDONYM_KEY;
  beforeEach(() => {
    process.env.ANALYTICS_PSEUDONYM_KEY = key;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.ANALYTICS_PSEUDONYM_KEY;
    else process.env.ANALYTICS_PSEUDONYM_KEY = saved;
  });

  test("refunds and cancellations honoured; revenue equals the hand count; emails become keyed hashes and reach nothing", async () => {
    const project = tempProject({ "analytics.config.yml": config, "raw/orders_export.csv": fixture });
    const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
    expect(run.failed, run.log.filter((l) => /fail|error/i.test(l)).join("\n")).toBe(false);

    await project.withWarehouse(async (connection) => {
      const lines = await queryRows(connection, `select invoice_id, product_id, quantity, unit_price::varchar as price, strftime(invoiced_at, '%Y-%m-%d %H:%M:%S') as at, customer_id, country, exclusion_reason
        from stg_retail__order_lines order by invoice_id, product_id`);
      const jane = pseudonym("jane@example.com");
      // Hand-worked from the fixture: times from -0500 to UTC; " Jane@Example.com" is jane; an
      // order's second row takes its first row's status and country.
      expect(lines.map((l) => [l.invoice_id, l.product_id, l.quantity, l.price, l.at, l.customer_id, l.country, l.exclusion_reason])).toEqual([
        ["#1001", "MUG-01", 2, "12.0000", "2024-03-01 15:15:32", jane, "US", null],
        ["#1001", "TEA-01", 1, "8.5000", "2024-03-01 15:15:32", jane, "US", null],
        ["#1002", "POT-01", 1, "30.0000", "2024-03-02 14:00:00", pseudonym("bob@example.org"), "CA", null],
        ["#1003", "TEA-01", 3, "8.5000", "2024-03-05 19:30:00", jane, "US", null],
        ["#1004", "MUG-01", 1, "12.0000", "2024-03-06 13:00:00", pseudonym("carol@example.net"), "GB", "excluded_status"],
        ["#1005", "MUG-01", 1, "12.0000", "2024-03-07 16:00:00", pseudonym("dave@example.com"), "US", "excluded_status"],
        ["#1005", "POT-01", 1, "30.0000", "2024-03-07 16:00:00", pseudonym("dave@example.com"), "US", "excluded_status"],
        ["#1006", "TEA-01", 1, "8.5000", "2024-03-08 21:20:00", null, "US", "guest_checkout"],
        // refunded -> the whole order taken back; partially_refunded -> one line for the Refunded Amount.
        ["C#1002", "POT-01", -1, "30.0000", "2024-03-02 14:00:00", pseudonym("bob@example.org"), "CA", "credit_note"],
        ["C#1003", "REFUND", -1, "8.5000", "2024-03-05 19:30:00", jane, "US", "credit_note"],
      ]);
      // Every text value of every table in the warehouse is free of "@".
      const tables = await queryRows(connection, "select table_name, column_name from information_schema.columns where data_type = 'VARCHAR'");
      for (const { table_name, column_name } of tables) {
        const [hit] = await queryRows(connection, `select count(*) as n from "${table_name}" where "${column_name}" like '%@%'`);
        expect(Number(hit.n), `${table_name}.${column_name}`).toBe(0);
      }
    });
    // Nor do the bytes of any file the run wrote (warehouse, marts, logs) hold an email of the fixture.
    for (const file of filesUnder(join(project.root, ".cache"))) {
      const bytes = readFileSync(file).toString("latin1").toLowerCase();
      for (const email of ["jane@example.com", "bob@example.org", "carol@example.net", "dave@example.com", "@example."]) expect(bytes.includes(email), `${file} holds ${email}`).toBe(false);
    }

    const [summary] = await project.mart("store_summary");
    // Gross: #1001 32.50 + #1002 30.00 + #1003 25.50; net: less 30.00 and 8.50 refunded, plus the guest's 8.50.
    expect([Number(summary.invoices), Number(summary.revenue), Number(summary.net_revenue)]).toEqual([3, 88, 58]);
    const ledger = new Map((await project.mart("order_line_ledger")).map((r) => [r.outcome, r]));
    expect([Number(ledger.get("excluded_status")!.lines), Number(ledger.get("excluded_status")!.revenue), ledger.get("excluded_status")!.label]).toEqual([3, 54, "Excluded by order status: cancelled"]);
  });

  test("without the key the load stops with one sentence naming the variable", async () => {
    delete process.env.ANALYTICS_PSEUDONYM_KEY;
    const project = tempProject({ "analytics.config.yml": config, "raw/orders_export.csv": fixture });
    await expect(project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir })).rejects.toThrow(/sources\.order_lines \(preset shopify_orders\): the customer's email is replaced by a keyed hash \(HMAC-SHA256\) as it is read, and the key ANALYTICS_PSEUDONYM_KEY is not set/);
    process.env.ANALYTICS_PSEUDONYM_KEY = "short";
    await expect(tempProject({ "analytics.config.yml": config, "raw/orders_export.csv": fixture }).run({ modelsRoot: modelsDir, seedsRoot: seedsDir })).rejects.toThrow(/ANALYTICS_PSEUDONYM_KEY is shorter than 16 characters/);
  });
});
