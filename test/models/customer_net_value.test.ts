// Net customer value on hand-worked customers: credit notes matched to the customer (to the
// product when the line names one), fully cancelled orders not counted as purchases, and the
// customers left with no value shown as their own group. Every expected figure is worked out in
// the comments from the lines below, not read from the models.
import { beforeAll, describe, expect, test } from "vitest";
import { join } from "node:path";
import type { Row } from "../../data-loaders/pipeline/duckdb.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const lines = uciCsv([
  // n1: a 1,000 order cancelled the same afternoon, and a 5 order later. Net 5 over 1 order.
  "1001,P1,LAMP,10,2011-11-01 10:00:00,100,n1,United Kingdom",
  "C1001,P1,LAMP,-10,2011-11-01 15:00:00,100,n1,United Kingdom",
  "1002,P2,CARD,1,2011-11-20 10:00:00,5,n1,United Kingdom",
  // n2: 80 bought over two orders, 80 returned over two credit notes (neither equals an order,
  // so both orders still count): net 0, so not a buyer.
  "2001,P1,LAMP,2,2011-10-01 10:00:00,10,n2,United Kingdom",
  "2001,P3,VASE,1,2011-10-01 10:00:00,30,n2,United Kingdom",
  "2002,P3,VASE,1,2011-10-05 10:00:00,30,n2,United Kingdom",
  "C2001,P1,LAMP,-2,2011-10-10 10:00:00,10,n2,United Kingdom",
  "C2002,P3,VASE,-2,2011-10-12 10:00:00,30,n2,United Kingdom",
  // n3: 50 bought; 3 of 15 P4 returned (-6, matched to P4); 6 P5 credited at 5 when 4 were bought:
  // matched 20 (all of P5 bought), the other 10 unmatched. Net 50 - 6 - 20 = 24 over 2 orders.
  "3001,P4,MUG,10,2011-09-01 10:00:00,2,n3,United Kingdom",
  "3001,P5,BOWL,4,2011-09-01 10:00:00,5,n3,United Kingdom",
  "3002,P4,MUG,5,2011-11-15 10:00:00,2,n3,United Kingdom",
  "C3001,P4,MUG,-3,2011-09-10 10:00:00,2,n3,United Kingdom",
  "C3002,P5,BOWL,-6,2011-11-20 10:00:00,5,n3,United Kingdom",
  // n4: 120 bought. A credit for P9, a product n4 never bought (not netted); a discount naming no
  // product (netted against the customer: -10); a postage refund (a charge, not netted).
  // Net 120 - 10 = 110 over 2 orders.
  "4001,P6,RUG,5,2011-08-01 10:00:00,20,n4,United Kingdom",
  "4002,P6,RUG,1,2011-12-01 10:00:00,20,n4,United Kingdom",
  "C4001,P9,CLOCK,-1,2011-08-15 10:00:00,15,n4,United Kingdom",
  "C4002,D,Discount,-1,2011-08-20 10:00:00,10,n4,United Kingdom",
  "C4003,POST,POSTAGE,-1,2011-08-21 10:00:00,18,n4,United Kingdom",
  // n5 and n6: plain buyers, 150 and 120.
  "5001,P7,CHAIR,3,2011-12-05 10:00:00,50,n5,United Kingdom",
  "6001,P8,DESK,1,2011-07-01 10:00:00,60,n6,United Kingdom",
  "6002,P8,DESK,1,2011-12-08 10:00:00,60,n6,United Kingdom",
  // A guest's credit note: no customer to match.
  "C9001,P1,LAMP,-1,2011-12-02 10:00:00,100,,United Kingdom",
  // n9 bought P9 so it is a product someone bought; it does not make n4's credit match.
  "9001,P9,CLOCK,2,2011-06-01 10:00:00,15,n9,United Kingdom",
]);
const config = "name: test\nsources:\n  order_lines:\n    path: lines.csv\n    preset: uci_online_retail\n";

// Snapshot 2011-12-09, the day after the last invoice (n6, 8 Dec).
// Net (the default):                       monetary  orders  first purchase  tenure  recency
const net: Record<string, [number, number, number, number]> = {
  n1: [5, 1, 19, 19], //                    5         1       20 Nov (1001 cancelled)
  n2: [0, 2, 69, 65], //                    0         2       1 Oct
  n3: [24, 2, 99, 24], //                   24        2       1 Sep
  n4: [110, 2, 130, 8], //                  110       2       1 Aug
  n5: [150, 1, 4, 4],
  n6: [120, 2, 161, 1],
  n9: [30, 1, 191, 191],
};
// CLTV profit = AOV x orders per year x 3 years x 0.30 = monetary x 365.25 / max(tenure, 90) x 0.9.
const cltvProfit = (monetary: number, tenure: number) => (monetary * 365.25 / Math.max(tenure, 90)) * 0.9;
function quantileCont(sorted: number[], q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  return sorted[low] + (position - low) * ((sorted[low + 1] ?? sorted[low]) - sorted[low]);
}

async function build(extraVars = "") {
  const project = tempProject({ "analytics.config.yml": config + extraVars, "lines.csv": lines });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["customer_360", "top_customers", "cltv_tier_summary", "rfm_segment_summary", "store_summary"] });
  expect(summary.failed, summary.log.filter((l) => /FAIL|ERROR/.test(l)).join("\n")).toBe(false);
  return project;
}

let customers: Record<string, Row>;
let project: Awaited<ReturnType<typeof build>>;
beforeAll(async () => {
  project = await build();
  customers = Object.fromEntries((await project.mart("customer_360")).map((row) => [row.customer_id, row]));
});

describe("net customer value (default basis)", () => {
  test("monetary, orders, AOV, tenure and recency as worked out by hand", () => {
    for (const [id, [monetary, orders, tenure, recency]] of Object.entries(net)) {
      const row = customers[id];
      expect([id, Number(row.monetary), Number(row.frequency), Number(row.tenure_days), Number(row.recency_days)]).toEqual([id, monetary, orders, tenure, recency]);
    }
    expect(Object.fromEntries(Object.entries(customers).map(([id, r]) => [id, r.aov === null ? null : Number(r.aov)])))
      .toEqual({ n1: 5, n2: null, n3: 12, n4: 55, n5: 150, n6: 60, n9: 30 });
    expect([Number(customers.n1.gross_monetary), Number(customers.n1.matched_credit_value), Number(customers.n1.cancelled_orders)]).toEqual([1005, -1000, 1]);
    expect([Number(customers.n3.matched_credit_value), Number(customers.n4.matched_credit_value)]).toEqual([-26, -10]);
  });

  test("n2 (net 0) is in the group 'No net value': no scores, AOV, CLTV or tier, not in the top list", async () => {
    const n2 = customers.n2;
    expect([n2.is_scored, n2.segment, n2.cltv_tier, n2.r_score, n2.rfm_cell, n2.cltv_profit]).toEqual([false, "No net value", "No net value", null, null, null]);
    expect(Object.values(customers).filter((r) => !r.is_scored).map((r) => r.customer_id)).toEqual(["n2"]);
    const top = await project.mart("top_customers");
    // Net spend order: n5 150, n6 120, n4 110, n9 30, n3 24, n1 5 (on gross, n1's 1,005 would rank first).
    expect(top.map((r) => r.customer_id)).toEqual(["n5", "n6", "n4", "n9", "n3", "n1"]);
    const segments = Object.fromEntries((await project.mart("rfm_segment_summary")).map((r) => [r.segment, Number(r.customers)]));
    expect(segments["No net value"]).toBe(1);
    const tiers = Object.fromEntries((await project.mart("cltv_tier_summary")).map((r) => [r.cltv_tier, Number(r.customers)]));
    expect(tiers).toEqual({ Low: 2, Medium: 2, High: 2, "No net value": 1 });
  });

  test("CLTV tiers cut at the 33rd and 66th percentiles of the buyers only", () => {
    const buyers = Object.entries(net).filter(([id]) => id !== "n2");
    const profits = Object.fromEntries(buyers.map(([id, [monetary, , tenure]]) => [id, cltvProfit(monetary, tenure)]));
    expect(profits.n1).toBeCloseTo(18.2625, 9); // 5 x 365.25 / 90 x 0.9, by hand
    const sorted = Object.values(profits).sort((a, b) => a - b);
    const [p33, p66] = [quantileCont(sorted, 0.33), quantileCont(sorted, 0.66)];
    for (const [id, profit] of Object.entries(profits)) {
      expect([id, Number(customers[id].cltv_profit)]).toEqual([id, expect.closeTo(profit, 6)]);
      expect([id, customers[id].cltv_tier]).toEqual([id, profit < p33 ? "Low" : profit < p66 ? "Medium" : "High"]);
    }
    // By hand: profits n1 18.26, n9 51.63, n3 79.69, n6 245.01, n4 278.15, n5 547.88; p33 = 51.63 + 0.65 x
    // (79.69 - 51.63) = 69.87, p66 = 245.01 + 0.3 x (278.15 - 245.01) = 254.95.
    expect(p33).toBeCloseTo(69.87, 2);
    expect(p66).toBeCloseTo(254.95, 2);
    expect(["n1", "n9", "n3", "n6", "n4", "n5"].map((id) => customers[id].cltv_tier)).toEqual(["Low", "Low", "Medium", "Medium", "High", "High"]);
  });

  test("every credit-note line is matched or carries its reason", async () => {
    const credits = await project.queryWarehouse("select invoice_id, product_id, matched_to, matched_revenue::double as matched, unmatched_reason from int_credit_notes_matched order by invoice_id, product_id");
    expect(credits).toEqual([
      { invoice_id: "C1001", product_id: "P1", matched_to: "product", matched: -1000, unmatched_reason: null },
      { invoice_id: "C2001", product_id: "P1", matched_to: "product", matched: -20, unmatched_reason: null },
      { invoice_id: "C2002", product_id: "P3", matched_to: "product", matched: -60, unmatched_reason: null },
      { invoice_id: "C3001", product_id: "P4", matched_to: "product", matched: -6, unmatched_reason: null },
      { invoice_id: "C3002", product_id: "P5", matched_to: "product", matched: -20, unmatched_reason: "more credited than bought: the excess" },
      { invoice_id: "C4001", product_id: "P9", matched_to: null, matched: 0, unmatched_reason: "product not bought by the customer in the data" },
      { invoice_id: "C4002", product_id: "D", matched_to: "customer", matched: -10, unmatched_reason: null },
      { invoice_id: "C4003", product_id: "POST", matched_to: null, matched: 0, unmatched_reason: "refunds a charge outside customer value" },
      { invoice_id: "C9001", product_id: "P1", matched_to: null, matched: 0, unmatched_reason: "no customer" },
    ]);
  });

  test("the store figures count the group apart and sum net value over every customer", async () => {
    const [summary] = await project.mart("store_summary");
    // Kept purchases 1,005 + 80 + 50 + 120 + 150 + 120 + 30 = 1,555; matched credits 1,000 + 80 + 26 + 10 = 1,116.
    expect([Number(summary.customers), Number(summary.customers_scored), Number(summary.customers_no_net_value), Number(summary.monetary), summary.value_basis])
      .toEqual([7, 6, 1, 439, "net"]);
  });
});

test("gross basis (vars.customer_value_basis: gross) counts every kept purchase and every order", async () => {
  const gross = await build("vars:\n  customer_value_basis: gross\n");
  const rows: Record<string, Row> = Object.fromEntries((await gross.mart("customer_360")).map((row) => [row.customer_id, row]));
  expect([Number(rows.n1.monetary), Number(rows.n1.frequency), Number(rows.n1.aov), Number(rows.n1.recency_days)]).toEqual([1005, 2, 502.5, 19]);
  expect([Number(rows.n2.monetary), rows.n2.is_scored, rows.n2.segment === "No net value"]).toEqual([80, true, false]);
  expect(Object.values(rows).every((r) => r.is_scored)).toBe(true);
  expect((await gross.mart("top_customers"))[0].customer_id).toBe("n1");
});

// A snapshot pinned inside the data (vars.snapshot_date) reads the data as the morning of that day
// would have: only invoices and credit notes dated before it. Snapshot 2011-11-16, worked by hand:
// n1   1001 (1 Nov) cancelled by C1001 the same day; 1002 (20 Nov) not yet: net 0 over 0 orders, not scored;
//      gross 1,000 over 1 order. Recency 15 (its cancelled order's date).
// n3   3001 (40) and 3002 (10, 15 Nov); C3001 (-6) matched; C3002 (20 Nov) not yet: 44 over 2, recency 1, tenure 76.
// n4   4001 (100, 1 Aug); 4002 (1 Dec) not yet; the discount C4002 (-10): 90 over 1, recency = tenure = 107.
// n5   first order 5 Dec: not a customer yet. n6 60 over 1 (1 Jul, 138 days); n9 30 over 1 (1 Jun, 168 days).
test("a pinned snapshot inside the data counts only invoices and credit notes dated before it", async () => {
  const pinned = await build("vars:\n  snapshot_date: '2011-11-16'\n");
  const rows: Record<string, Row> = Object.fromEntries((await pinned.mart("customer_360")).map((row) => [row.customer_id, row]));
  const values = Object.fromEntries(Object.entries(rows).map(([id, r]) =>
    [id, [Number(r.monetary), Number(r.frequency), Number(r.recency_days), Number(r.tenure_days), r.is_scored]]));
  expect(values).toEqual({
    n1: [0, 0, 15, 15, false],
    n2: [0, 2, 42, 46, false],
    n3: [44, 2, 1, 76, true],
    n4: [90, 1, 107, 107, true],
    n6: [60, 1, 138, 138, true],
    n9: [30, 1, 168, 168, true],
  });
  expect([Number(rows.n1.gross_monetary), Number(rows.n1.cancelled_orders)]).toEqual([1000, 1]);
  expect([Number(rows.n3.matched_credit_value), Number(rows.n4.matched_credit_value)]).toEqual([-6, -10]);

  const gross = await build("vars:\n  snapshot_date: '2011-11-16'\n  customer_value_basis: gross\n");
  const n1 = (await gross.mart("customer_360")).find((r) => r.customer_id === "n1")!;
  expect([Number(n1.monetary), Number(n1.frequency), n1.is_scored]).toEqual([1000, 1, true]);
});
