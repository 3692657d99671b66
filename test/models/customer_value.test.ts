// AOV, historical CLTV, tiers and churn on the ten hand-worked customers: the expected values
// are computed here from the written-out formula and constants, not by the models' SQL.
import { beforeAll, describe, expect, test } from "vitest";
import type { Row } from "../../data-loaders/pipeline/duckdb.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";
import { config, orderLines, purchases } from "./fixtures/ten-customers.ts";

// seeds/business_constants.csv
const grossMargin = 0.3;
const lifespanYears = 3;
const minObservationDays = 90;
// Tenure in days at the 2011-12-10 snapshot, from the first purchase (worked out in customer_rfm.test.ts).
const tenure: Record<string, number> = { c01: 1, c02: 343, c03: 192, c04: 365, c05: 39, c06: 5, c07: 284, c08: 70, c09: 92, c10: 9 };
const recency: Record<string, number> = { c01: 1, c02: 9, c03: 131, c04: 365, c05: 35, c06: 5, c07: 283, c08: 67, c09: 92, c10: 4 };

function quantileCont(sorted: number[], q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  return sorted[low] + (position - low) * ((sorted[low + 1] ?? sorted[low]) - sorted[low]);
}

const expected = Object.fromEntries(Object.entries(purchases).map(([id, invoices]) => {
  const monetary = invoices.reduce((sum, [, amount]) => sum + amount, 0);
  const aov = monetary / invoices.length;
  const annualFrequency = invoices.length / (Math.max(tenure[id], minObservationDays) / 365.25);
  const cltvRevenue = aov * annualFrequency * lifespanYears;
  return [id, { aov, annualFrequency, cltvRevenue, cltvProfit: cltvRevenue * grossMargin }];
}));

let customers: Record<string, Row>;
let tiers: Row[];
beforeAll(async () => {
  const project = tempProject({ "analytics.config.yml": config, "lines.csv": orderLines() });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["customer_360", "dim_cltv_tier"] });
  expect(summary.failed).toBe(false);
  customers = Object.fromEntries((await project.mart("customer_360")).map((row) => [row.customer_id, row]));
  tiers = await project.mart("dim_cltv_tier");
});

describe("lifetime value", () => {
  test("AOV, annual frequency and CLTV follow the stated formula", () => {
    for (const [id, e] of Object.entries(expected)) {
      const row = customers[id];
      expect([id, Number(row.aov)]).toEqual([id, expect.closeTo(e.aov, 9)]);
      expect([id, Number(row.annual_purchase_frequency)]).toEqual([id, expect.closeTo(e.annualFrequency, 9)]);
      expect([id, Number(row.cltv_profit)]).toEqual([id, expect.closeTo(e.cltvProfit, 6)]);
    }
    // Spot checks worked on paper: c09 spent 1,000 over 92 days; c06 one order of 5 in a 90-day floor.
    expect(Number(customers.c09.cltv_profit)).toBeCloseTo((1000 * 365.25 * 3 * 0.3) / 92, 6);
    expect(Number(customers.c06.cltv_profit)).toBeCloseTo(18.2625, 9);
  });

  test("tiers cut at the 33rd and 66th percentiles (linear interpolation), ties going up", () => {
    const sorted = Object.values(expected).map((e) => e.cltvProfit).sort((a, b) => a - b);
    const [p33, p66] = [quantileCont(sorted, 0.33), quantileCont(sorted, 0.66)];
    expect(p33).toBeCloseTo(215.4507, 3); // 95.838 + 0.97 x (219.15 - 95.838), by hand
    const byTier = Object.fromEntries(tiers.map((t) => [t.cltv_tier, t]));
    expect(Number(byTier.Low.upper_bound)).toBeCloseTo(p33, 9);
    expect(Number(byTier.High.lower_bound)).toBeCloseTo(p66, 9);
    for (const [id, e] of Object.entries(expected)) {
      const tier = e.cltvProfit < p33 ? "Low" : e.cltvProfit < p66 ? "Medium" : "High";
      expect([id, customers[id].cltv_tier]).toEqual([id, tier]);
    }
    expect(["c06", "c03", "c02"].map((id) => customers[id].cltv_tier)).toEqual(["Low", "Low", "Low"]);
  });
});

describe("churn", () => {
  test("churned beyond 90 days; risk groups 30 / 60 / 90 days below that", () => {
    const expectedGroup = (r: number) => (r > 90 ? "Churned" : r <= 30 ? "Low" : r <= 60 ? "Medium" : "High");
    const expectedStatus = (group: string) => ({ Low: "Active", Medium: "Active", High: "At Risk", Churned: "Churned" })[group];
    for (const [id, r] of Object.entries(recency)) {
      const row = customers[id];
      expect([id, row.churn_risk_group, row.churn_status, row.is_churned]).toEqual([id, expectedGroup(r), expectedStatus(expectedGroup(r)), r > 90]);
    }
  });

  test("a longer churn window keeps c09 (92 days) out of churn, in the highest risk group", async () => {
    const project = tempProject({ "analytics.config.yml": `${config}  churn_window_days: 120\n`, "lines.csv": orderLines() });
    await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["customer_360"] });
    const c09 = (await project.mart("customer_360")).find((r) => r.customer_id === "c09")!;
    expect([c09.is_churned, c09.churn_risk_group, c09.churn_status]).toEqual([false, "High", "At Risk"]);
  });

  test("days overdue compare recency with the customer's own gap between orders", () => {
    // c02: orders on 1 Jan and 1 Dec 2011, a 334-day gap; last bought 9 days before the snapshot.
    expect(Number(customers.c02.days_overdue)).toBe(9 - 334);
    expect(customers.c01.days_overdue).toBeNull();
  });
});

test("AOV is per order, not per line", async () => {
  const project = tempProject({
    "analytics.config.yml": config,
    "lines.csv": uciCsv([
      "1,P1,A,1,2011-01-01 10:00:00,10,x1,United Kingdom",
      "1,P2,B,1,2011-01-01 10:00:00,10,x1,United Kingdom",
      "1,P3,C,1,2011-01-01 10:00:00,10,x1,United Kingdom",
      "2,P1,A,1,2011-01-02 10:00:00,10,x2,United Kingdom",
      "3,P1,A,1,2011-01-03 10:00:00,10,x2,United Kingdom",
    ]),
  });
  await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["store_summary"] });
  const aov = Object.fromEntries((await project.mart("customer_360")).map((r) => [r.customer_id, Number(r.aov)]));
  expect(aov).toEqual({ x1: 30, x2: 10 });
  const [summary] = await project.mart("store_summary");
  expect(Number(summary.overall_aov)).toBeCloseTo(50 / 3, 9); // per line it would read 10
});
