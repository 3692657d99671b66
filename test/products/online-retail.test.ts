// Products and baskets on the real UCI Online Retail file (../shared/data; skipped with a message
// when it is absent):
// 1. The product mart ties out with the ledger: revenue of all products = revenue of the lines
//    the ledger keeps for product figures (kept + guest checkout), line for line.
// 2. Pair metrics of a one-country subset (Germany) from the shared pair SQL on the staged lines
//    equal a second computation in plain TypeScript over the raw CSV, which applies the ledger's
//    rules that can remove a German line from a basket on its own terms (credit notes, non-positive
//    quantity or price, the non-product and adjustment stock codes).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { csvParse } from "d3-dsv";
import { beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import type { Row } from "../../data-loaders/pipeline/duckdb.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { runPipeline } from "../../data-loaders/pipeline/run.ts";
import { pairsSql } from "../../src/components/basket-sql.js";
import { queryWarehouse, readParquet, tempProject } from "../helpers/temp-project.ts";
import { sharedDataFile } from "../helpers/shared-data.ts";

const { path: rawFile, present } = sharedDataFile("online-retail/online_retail.csv.gz", "the Online Retail product checks");

const country = "Germany";
const minSupport = 0.02;
const cacheDir = join(tempProject().root, ".cache");
let warehouse: (sql: string) => Promise<Row[]>;

beforeAll(async () => {
  if (!present) return;
  const config = { ...loadConfig({ configPath: join(projectRoot, "configs", "online-retail.yml"), env: {} }), cacheDir };
  const summary = await runPipeline({ config, select: ["product_summary"], log: () => {} });
  expect(summary.failed).toBe(false);
  warehouse = (sql) => queryWarehouse(cacheDir, sql);
}, 600_000);

describe.skipIf(!present)("Online Retail products", () => {
  test("revenue of all products equals the revenue of the lines the ledger keeps for product figures", async () => {
    const products = await readParquet(join(cacheDir, "marts", "products.parquet"));
    const ledger = await readParquet(join(cacheDir, "marts", "order_line_ledger.parquet"));
    const kept = ledger.filter((r) => r.outcome === "kept" || r.outcome === "guest_checkout");
    const productRevenue = products.reduce((s, r) => s + Number(r.revenue), 0);
    const keptRevenue = kept.reduce((s, r) => s + Number(r.revenue), 0);
    expect(kept.length).toBe(2);
    expect(productRevenue).toBeCloseTo(keptRevenue, 2);
    const [summary] = await readParquet(join(cacheDir, "marts", "product_summary.parquet"));
    expect(Number(summary.sale_lines)).toBe(kept.reduce((s, r) => s + Number(r.lines), 0));
    // Non-products are not products.
    expect(products.some((r) => ["POST", "DOT", "M", "BANK CHARGES", "AMAZONFEE"].includes(r.product_id as string))).toBe(false);
    expect(products.length).toBeGreaterThan(3000);
  });

  test(`pairs of the ${country} orders equal a plain computation over the raw file`, async () => {
    const mart = await warehouse(pairsSql({
      baskets: `select invoice_id, product_id from int_product_lines_matched
        where kind = 'sale' and invoice_id in (select invoice_id from stg_retail__order_lines where country = '${country}')`,
      minSupport,
    }));

    const nonProducts = new Set(["POST", "DOT", "C2", "M", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS"]);
    const baskets = new Map<string, Set<string>>();
    for (const row of csvParse(gunzipSync(readFileSync(rawFile)).toString("utf8"))) {
      if (row.Country !== country || row.InvoiceNo!.startsWith("C")) continue;
      const code = row.StockCode!.trim();
      if (Number(row.Quantity) <= 0 || Number(row.UnitPrice) <= 0 || nonProducts.has(code) || code.toLowerCase().startsWith("gift_0001_")) continue;
      if (!baskets.has(row.InvoiceNo!)) baskets.set(row.InvoiceNo!, new Set());
      baskets.get(row.InvoiceNo!)!.add(code);
    }
    const n = baskets.size;
    const ordersOf = new Map<string, number>();
    for (const b of baskets.values()) for (const p of b) ordersOf.set(p, (ordersOf.get(p) ?? 0) + 1);
    const threshold = Math.max(1, Math.ceil(minSupport * n - 1e-9));
    const both = new Map<string, number>();
    for (const b of baskets.values()) {
      const items = [...b].filter((p) => ordersOf.get(p)! >= threshold).sort();
      for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
        const key = `${items[i]}|${items[j]}`;
        both.set(key, (both.get(key) ?? 0) + 1);
      }
    }
    const expected = [...both].filter(([, c]) => c >= threshold).map(([key, c]) => {
      const [a, b] = key.split("|");
      return { key, orders: n, both: c, confAB: c / ordersOf.get(a)!, confBA: c / ordersOf.get(b)!, lift: (c * n) / (ordersOf.get(a)! * ordersOf.get(b)!) };
    }).sort((x, y) => x.key.localeCompare(y.key));
    const actual = mart.map((r) => ({
      key: `${r.product_a}|${r.product_b}`, orders: Number(r.orders), both: Number(r.orders_with_both),
      confAB: Number(r.confidence_a_to_b), confBA: Number(r.confidence_b_to_a), lift: Number(r.lift),
    })).sort((x, y) => x.key.localeCompare(y.key));
    expect(expected.length).toBeGreaterThan(20);
    expect(actual.length).toBe(expected.length);
    actual.forEach((a, i) => {
      const e = expected[i];
      expect(a.key).toBe(e.key);
      expect([a.orders, a.both]).toEqual([e.orders, e.both]);
      expect(a.confAB).toBeCloseTo(e.confAB, 12);
      expect(a.confBA).toBeCloseTo(e.confBA, 12);
      expect(a.lift).toBeCloseTo(e.lift, 10);
    });
  });
});
