// The order_lines file of the default store, checked by rules written here from the UCI
// conventions (not by the generator's own code) against ground_truth.json and Online Retail's
// proportions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTestStore, type Store } from "./fixture.ts";

let store: Store;
beforeAll(async () => {
  store = await generateTestStore();
}, 120_000);
afterAll(() => store?.close());

/** Every row gets one kind from its own columns; C-invoice product lines are split later. */
const CLASSIFIED = `
  WITH numbered AS (
    SELECT *, row_number() OVER (PARTITION BY InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country) AS copy
    FROM order_lines
  )
  SELECT *, CASE
      WHEN copy > 1 THEN 'exact_duplicate'
      WHEN InvoiceNo LIKE 'A%' AND StockCode = 'B' AND Description = 'Adjust bad debt' AND UnitPrice < 0 AND CustomerID IS NULL THEN 'bad_debt'
      WHEN StockCode IN ('POST', 'DOT') THEN 'postage'
      WHEN StockCode = 'C2' THEN 'carriage'
      WHEN StockCode = 'M' THEN 'manual'
      WHEN StockCode = 'BANK CHARGES' THEN 'bank_charges'
      WHEN StockCode = 'D' AND InvoiceNo LIKE 'C%' THEN 'discount'
      WHEN InvoiceNo LIKE 'C%' THEN 'credit'
      WHEN CustomerID IS NULL AND UnitPrice = 0 THEN 'inventory_adjustment'
      WHEN UnitPrice = 0 THEN 'zero_price'
      WHEN CustomerID IS NULL THEN 'guest'
      ELSE 'sale' END AS kind
  FROM numbered`;

describe("order_lines", () => {
  it("has the UCI Online Retail column shape", async () => {
    const columns = await store.query<{ column_name: string; column_type: string }>("DESCRIBE order_lines");
    expect(columns.map((c) => `${c.column_name} ${c.column_type}`)).toEqual([
      "InvoiceNo VARCHAR",
      "StockCode VARCHAR",
      "Description VARCHAR",
      "Quantity INTEGER",
      "InvoiceDate TIMESTAMP",
      "UnitPrice DOUBLE",
      "CustomerID VARCHAR",
      "Country VARCHAR",
    ]);
    const [bad] = await store.query(`
      SELECT
        count(*) FILTER (NOT regexp_full_match(InvoiceNo, '[CA]?[0-9]{6,}')) AS invoice_numbers,
        count(*) FILTER (CustomerID IS NOT NULL AND NOT regexp_full_match(CustomerID, '[0-9]+')) AS customer_ids,
        count(*) FILTER (round(UnitPrice, 2) <> UnitPrice) AS prices_with_more_than_2_decimals,
        count(*) FILTER (second(InvoiceDate) <> 0) AS invoice_times_with_seconds,
        count(*) FILTER (Country IS NULL OR StockCode IS NULL OR Quantity = 0) AS missing_values,
        count(*) FILTER (InvoiceDate < TIMESTAMP '2024-01-01' OR InvoiceDate >= TIMESTAMP '2026-01-01') AS outside_span
      FROM order_lines`);
    expect(bad).toEqual({ invoice_numbers: 0, customer_ids: 0, prices_with_more_than_2_decimals: 0, invoice_times_with_seconds: 0, missing_values: 0, outside_span: 0 });
  });

  it("has as many rows as the ground truth says, and every kind's count matches", async () => {
    const [{ rows }] = await store.query("SELECT count(*) AS rows FROM order_lines");
    expect(rows).toBe(store.truth.files.order_lines.rows);
    const counted = Object.fromEntries(
      (await store.query<{ kind: string; n: number }>(`SELECT kind, count(*) AS n FROM (${CLASSIFIED}) GROUP BY kind`)).map((r) => [r.kind, r.n]),
    );
    const planted = store.truth.dirty_rows.rows_by_kind;
    const sum = Object.values(planted as Record<string, number>).reduce((s, n) => s + n, 0);
    expect(sum).toBe(rows);
    for (const kind of ["sale", "guest", "zero_price", "inventory_adjustment", "bad_debt", "postage", "carriage", "manual", "bank_charges", "discount", "exact_duplicate"]) {
      expect({ kind, n: counted[kind] ?? 0 }).toEqual({ kind, n: planted[kind] });
    }
    expect(counted.credit).toBe(planted.credit_note + planted.return);
    expect(store.truth.dirty_rows.c_prefixed_rows).toBe(
      (await store.query("SELECT count(*) AS n FROM order_lines WHERE InvoiceNo LIKE 'C%'"))[0].n,
    );
  });

  it("has every dirty kind, in Online Retail's proportions", async () => {
    const [share] = await store.query(`
      SELECT
        count(*) FILTER (InvoiceNo LIKE 'C%') / count(*) AS c_prefixed,
        (count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM order_lines))) / count(*) AS exact_duplicates,
        count(*) FILTER (CustomerID IS NULL AND UnitPrice > 0 AND InvoiceNo NOT LIKE 'A%' AND StockCode NOT IN ('POST', 'DOT', 'C2', 'M', 'BANK CHARGES', 'D')) / count(*) AS guest_lines,
        count(*) FILTER (UnitPrice = 0) / count(*) AS zero_price,
        count(*) FILTER (StockCode IN ('POST', 'DOT', 'C2', 'M', 'BANK CHARGES', 'D')) / count(*) AS non_product,
        count(*) FILTER (UnitPrice < 0) AS negative_prices
      FROM order_lines`);
    // Online Retail: 1.7 % C-prefixed, 0.97 % exact duplicates, 25 % without customer, 0.46 % at price 0, ~0.55 % charges.
    expect(share.c_prefixed).toBeGreaterThan(0.012);
    expect(share.c_prefixed).toBeLessThan(0.024);
    expect(share.exact_duplicates).toBeGreaterThan(0.007);
    expect(share.exact_duplicates).toBeLessThan(0.013);
    expect(share.guest_lines).toBeGreaterThan(0.15);
    expect(share.guest_lines).toBeLessThan(0.25);
    expect(share.zero_price).toBeGreaterThan(0.0025);
    expect(share.zero_price).toBeLessThan(0.008);
    expect(share.non_product).toBeGreaterThan(0.003);
    expect(share.non_product).toBeLessThan(0.009);
    expect(share.negative_prices).toBe(store.truth.dirty_rows.rows_by_kind.bad_debt);
    for (const [kind, n] of Object.entries(store.truth.dirty_rows.rows_by_kind as Record<string, number>)) {
      expect({ kind, present: n > 0 }).toEqual({ kind, present: true });
    }
  });

  it("writes country aliases as the ground truth counts them", async () => {
    const rows = await store.query<{ Country: string; n: number }>("SELECT Country, count(*) AS n FROM order_lines GROUP BY Country");
    const byCountry = Object.fromEntries(rows.map((r) => [r.Country, r.n]));
    for (const alias of ["EIRE", "RSA", "USA", "Channel Islands", "Unspecified", "European Community"]) {
      expect({ alias, n: byCountry[alias] ?? 0 }).toEqual({ alias, n: store.truth.dirty_rows.country_alias_rows[alias] });
      expect(byCountry[alias]).toBeGreaterThan(0);
    }
    expect(byCountry["United Kingdom"] / store.truth.files.order_lines.rows).toBeGreaterThan(0.7);
    expect(rows.length).toBe(store.truth.dirty_rows.countries_in_ledger);
  });

  it("credits only what the same customer bought earlier, and splits cancellations from returns", async () => {
    const credits = await store.query<{ age_days: number | null }>(`
      WITH credit AS (SELECT * FROM (${CLASSIFIED}) WHERE kind = 'credit')
      SELECT c.Quantity,
        (SELECT date_diff('second', max(s.InvoiceDate), c.InvoiceDate) / 86400
           FROM order_lines s
          WHERE s.CustomerID = c.CustomerID AND s.StockCode = c.StockCode AND s.UnitPrice = c.UnitPrice
            AND s.InvoiceNo NOT LIKE 'C%' AND s.Quantity >= -c.Quantity AND s.InvoiceDate <= c.InvoiceDate) AS age_days,
        c.CustomerID IS NULL AS guest
      FROM credit c`);
    expect(credits.every((c: any) => c.Quantity < 0 && !c.guest)).toBe(true);
    expect(credits.filter((c) => c.age_days === null)).toEqual([]);
    const cancellations = credits.filter((c) => c.age_days! < 1).length;
    const { credit_note, return: returns } = store.truth.dirty_rows.rows_by_kind;
    // A return can meet a newer purchase of the same item by the same customer; allow a few.
    expect(Math.abs(cancellations - credit_note)).toBeLessThanOrEqual(Math.ceil(0.02 * (credit_note + returns)));
  });

  it("returns the planted often-returned products far more often", async () => {
    const codes = store.truth.catalogue.high_return_products.map((p: { stock_code: string }) => `'${p.stock_code}'`).join(", ");
    // Returns are credit lines days after the sale (cancellations, within hours, hit any product).
    const [rates] = await store.query(`
      WITH products AS (
        SELECT * FROM order_lines
        WHERE CustomerID IS NOT NULL AND UnitPrice > 0 AND StockCode NOT IN ('POST', 'DOT', 'C2', 'M', 'BANK CHARGES', 'D')),
      returns AS (
        SELECT c.StockCode FROM products c
        WHERE c.InvoiceNo LIKE 'C%' AND NOT EXISTS (
          SELECT 1 FROM products s WHERE s.CustomerID = c.CustomerID AND s.StockCode = c.StockCode AND s.InvoiceNo NOT LIKE 'C%'
            AND s.InvoiceDate <= c.InvoiceDate AND s.InvoiceDate > c.InvoiceDate - INTERVAL 1 DAY)),
      sold AS (SELECT StockCode FROM products WHERE InvoiceNo NOT LIKE 'C%')
      SELECT (SELECT count(*) FROM returns WHERE StockCode IN (${codes})) / (SELECT count(*) FROM sold WHERE StockCode IN (${codes})) AS high,
             (SELECT count(*) FROM returns WHERE StockCode NOT IN (${codes})) / (SELECT count(*) FROM sold WHERE StockCode NOT IN (${codes})) AS other`);
    expect(rates.other).toBeGreaterThan(0);
    expect(rates.high).toBeGreaterThan(4 * rates.other);
  });

  it("numbers invoices in time order and links every customer both ways", async () => {
    const [order] = await store.query(`
      WITH invoices AS (SELECT ltrim(InvoiceNo, 'CA')::BIGINT AS number, min(InvoiceDate) AS invoiced_at FROM order_lines GROUP BY ALL)
      SELECT count(*) FILTER (invoiced_at < previous) AS out_of_order, count(*) - count(DISTINCT number) AS reused
      FROM (SELECT *, lag(invoiced_at) OVER (ORDER BY number) AS previous FROM invoices)`);
    expect(order).toEqual({ out_of_order: 0, reused: 0 });
    const [links] = await store.query(`
      SELECT
        (SELECT count(DISTINCT CustomerID) FROM order_lines o WHERE CustomerID IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = o.CustomerID)) AS unknown_customers,
        (SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM order_lines o WHERE o.CustomerID = c.customer_id AND o.InvoiceNo NOT LIKE 'C%')) AS customers_without_purchase,
        (SELECT count(*) - count(DISTINCT customer_id) FROM customers) AS duplicate_ids,
        (SELECT count(*) - count(DISTINCT email) FROM customers) AS duplicate_emails,
        (SELECT count(*) FROM customers) AS customers`);
    expect(links).toEqual({ unknown_customers: 0, customers_without_purchase: 0, duplicate_ids: 0, duplicate_emails: 0, customers: store.truth.files.customers.rows });
    expect(links.customers).toBe(store.truth.population.registered_customers);
  });

  it("keeps the default scale and span", () => {
    expect(store.truth.generator.seed).toBe(42);
    expect(store.truth.generator.span).toMatchObject({ start_date: "2024-01-01", end_date: "2025-12-31", months: 24 });
    expect(store.truth.files.customers.rows).toBeGreaterThan(2000);
    expect(store.truth.files.customers.rows).toBeLessThan(4000);
    expect(store.truth.files.order_lines.rows).toBeGreaterThan(150_000);
    expect(store.truth.files.order_lines.rows).toBeLessThan(300_000);
  });
});
