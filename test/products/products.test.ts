// The product mart on a hand-worked store, run through the real models in DuckDB. Snapshot pinned
// at 2024-07-01; windows of 90 days: last = [2024-04-02, 2024-07-01), previous = [2024-01-03, 2024-04-02).
//
// product  sales (date qty @ price)                        revenue  prev  last   growth
// P1       2024-01-10 50@10, 2024-05-10 30@10                 800   500   300   -40%
// P2       2024-01-10 6@5,   2024-05-10 24@5                  150    30   120  +300%
// P5       2024-02-01 10@1,  2024-05-01 12@1                   22    10    12   +20% (exactly on lifecycle_growing)
// P6       2024-02-01 10@1,  2024-05-01 9@1                    19    10     9   -10%
// P3       2024-01-20 5@1 (guest checkout)                     5     5     0   (last sale > 90 days ago)
// P4       2024-06-01 4@1 (first sold < 90 days ago)            4     0     4
// total 1000. ABC: P1 cumulative 800/1000 = 0.80 exactly -> A (on the cut-off); P2 950/1000 = 0.95
// exactly -> B (on the cut-off); the rest C.
// Portfolio: last-window revenue 445 over 5 products sold in it, average 89. High share: P1 (300),
// P2 (120). Growing (>= +10% or nothing before): P2, P5, P4.
//   P1 high, not growing = Cash Cow; P2 high, growing = Star; P5, P4 low, growing = Problem;
//   P6 low, not growing = Declining; P3 low (0), not growing = Declining.
// Lifecycle, first rule that applies: P4 new; P3 discontinued; P2 growing; P5 growing (+20% on the
// threshold); P1 declining (-40%); P6 stable (-10%).
// Returns: credit note C7 returns 2 x P2 (value 10) and 1 x POST (postage: no product); invoice 8 has a
// return without credit note of 1 x P6; credit note C9 returns PX, never sold. So P2 2 units / 10,
// P6 1 / 1, and two negative lines (POST 15, PX 3 = 18) match no product.
// Customers: c1 P1, P2 (two orders each); c2 P5, P6 (two orders each); c3 P4; P3 bought by a guest.
import { describe, expect, test, beforeAll } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import type { Row } from "../../data-loaders/pipeline/duckdb.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const lines = uciCsv([
  "1,P1,ALPHA,50,2024-01-10 10:00:00,10,c1,United Kingdom",
  "1,P2,BETA,6,2024-01-10 10:00:00,5,c1,United Kingdom",
  "2,P1,ALPHA,30,2024-05-10 10:00:00,10,c1,United Kingdom",
  "2,P2,BETA,24,2024-05-10 10:00:00,5,c1,United Kingdom",
  "2,POST,POSTAGE,1,2024-05-10 10:00:00,15,c1,United Kingdom",
  "3,P5,EPSILON,10,2024-02-01 10:00:00,1,c2,France",
  "3,P6,ZETA,10,2024-02-01 10:00:00,1,c2,France",
  "4,P5,EPSILON,12,2024-05-01 10:00:00,1,c2,France",
  "4,P6,ZETA,9,2024-05-01 10:00:00,1,c2,France",
  "5,P3,GAMMA,5,2024-01-20 10:00:00,1,,United Kingdom",
  "6,P4,DELTA,4,2024-06-01 10:00:00,1,c3,Germany",
  "C7,P2,BETA,-2,2024-05-20 10:00:00,5,c1,United Kingdom",
  "C7,POST,POSTAGE,-1,2024-05-20 10:00:00,15,c1,United Kingdom",
  "8,P6,ZETA,-1,2024-05-15 10:00:00,1,c2,France",
  "C9,PX,NEVER SOLD,-1,2024-05-20 10:00:00,3,c3,Germany",
]);
const config = "name: test\nsources:\n  order_lines:\n    path: lines.csv\n    preset: uci_online_retail\nvars:\n  snapshot_date: '2024-07-01'\n";

let products: Record<string, Row>;
let summary: Row;
let statuses: Row[];
let cohortTop: Row[];

beforeAll(async () => {
  const project = tempProject({ "analytics.config.yml": config, "lines.csv": lines });
  const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["product_summary", "product_status_definitions", "product_cohort_top"] });
  expect(run.failed, run.log.join("\n")).toBe(false);
  products = Object.fromEntries((await project.mart("products")).map((r) => [r.product_id as string, r]));
  [summary] = await project.mart("product_summary");
  statuses = await project.mart("product_status_definitions");
  cohortTop = await project.mart("product_cohort_top");
}, 120_000);

const pick = (field: string) => Object.fromEntries(Object.entries(products).map(([id, r]) => [id, r[field] === null ? null : typeof r[field] === "bigint" ? Number(r[field]) : r[field]]));

describe("products on a hand-worked store", () => {
  test("non-products stay out: six products, POST and PX are not among them", () => {
    expect(Object.keys(products).sort()).toEqual(["P1", "P2", "P3", "P4", "P5", "P6"]);
  });

  test("revenue, units, orders and the tie-out with the ledger", () => {
    expect(pick("revenue")).toEqual({ P1: 800, P2: 150, P5: 22, P6: 19, P3: 5, P4: 4 });
    expect(pick("units")).toEqual({ P1: 80, P2: 30, P5: 22, P6: 19, P3: 5, P4: 4 });
    expect(pick("orders")).toEqual({ P1: 2, P2: 2, P5: 2, P6: 2, P3: 1, P4: 1 });
    expect(Number(summary.revenue)).toBe(1000);
    expect(Number(summary.ledger_revenue)).toBe(1000);
  });

  test("ABC: a product exactly on a cut-off is in the class the cut-off closes", () => {
    expect(pick("cumulative_share")).toMatchObject({ P1: 0.8, P2: 0.95 });
    expect(pick("abc_class")).toEqual({ P1: "A", P2: "B", P5: "C", P6: "C", P3: "C", P4: "C" });
  });

  test("portfolio status: share of the last window against growth on the previous", () => {
    expect(pick("portfolio_status")).toEqual({ P1: "Cash Cow", P2: "Star", P5: "Problem", P4: "Problem", P6: "Declining", P3: "Declining" });
  });

  test("lifecycle status: new, discontinued, growing (+20% on the threshold), declining, stable", () => {
    expect(pick("lifecycle_status")).toEqual({ P4: "new", P3: "discontinued", P2: "growing", P5: "growing", P1: "declining", P6: "stable" });
    const counts = Object.fromEntries(statuses.filter((s) => s.kind === "lifecycle").map((s) => [s.status, Number(s.products)]));
    expect(counts).toEqual({ new: 1, growing: 2, stable: 1, declining: 1, discontinued: 1 });
    expect(statuses.find((s) => s.status === "growing")!.rule).toBe("Revenue in the last 90 days at least 20% above the 90 days before (or none before)");
  });

  test("returns are matched to the right product; the rest are counted as unmatched", () => {
    expect(pick("returned_units")).toEqual({ P1: 0, P2: 2, P5: 0, P6: 1, P3: 0, P4: 0 });
    expect(pick("returned_value")).toEqual({ P1: 0, P2: 10, P5: 0, P6: 1, P3: 0, P4: 0 });
    expect(Number(products.P2.return_rate)).toBeCloseTo(2 / 30, 12);
    expect(Number(products.P2.net_revenue)).toBe(140);
    expect(Number(summary.matched_return_lines)).toBe(2);
    expect(Number(summary.unmatched_return_lines)).toBe(2);
    expect(Number(summary.unmatched_return_value)).toBe(18);
  });

  test("customers, penetration (of 3 identified buyers) and repeat-purchase rate", () => {
    expect(pick("customers")).toEqual({ P1: 1, P2: 1, P5: 1, P6: 1, P3: 0, P4: 1 });
    expect(pick("penetration")).toEqual({ P1: 1 / 3, P2: 1 / 3, P5: 1 / 3, P6: 1 / 3, P3: 0, P4: 1 / 3 });
    expect(pick("repeat_purchase_rate")).toEqual({ P1: 1, P2: 1, P5: 1, P6: 1, P3: null, P4: 0 });
  });

  test("top products of each acquisition cohort", () => {
    expect(cohortTop.map((r) => [new Date(r.cohort_month as string).toISOString().slice(0, 10), Number(r.product_rank), r.product_id, Number(r.revenue)])).toEqual([
      ["2024-01-01", 1, "P1", 800], ["2024-01-01", 2, "P2", 150],
      ["2024-02-01", 1, "P5", 22], ["2024-02-01", 2, "P6", 19],
      ["2024-06-01", 1, "P4", 4],
    ]);
  });
});
