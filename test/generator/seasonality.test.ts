// Daily sales revenue of the default store shows the planted weekly pattern and fourth-quarter peak.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTestStore, type Store } from "./fixture.ts";

let store: Store;
beforeAll(async () => {
  store = await generateTestStore();
}, 120_000);
afterAll(() => store?.close());

const DAILY = `
  SELECT InvoiceDate::DATE AS day, sum(Quantity * UnitPrice) AS revenue
  FROM order_lines
  WHERE InvoiceNo NOT LIKE 'C%' AND InvoiceNo NOT LIKE 'A%' AND Quantity > 0 AND UnitPrice > 0
  GROUP BY ALL`;

describe("seasonality", () => {
  it("sells least on Saturdays and most early in the week", async () => {
    const rows = await store.query<{ weekday: number; revenue: number }>(`SELECT isodow(day) AS weekday, avg(revenue) AS revenue FROM (${DAILY}) GROUP BY ALL ORDER BY weekday`);
    const byDay = rows.map((r) => r.revenue);
    expect(Math.min(...byDay)).toBe(byDay[5]);
    const earlyWeek = (byDay[0] + byDay[1] + byDay[2] + byDay[3]) / 4;
    expect(earlyWeek / byDay[5]).toBeGreaterThan(1.15);
    const planted = store.truth.behaviour.seasonality.weekday_factors;
    expect((planted.Monday + planted.Tuesday + planted.Wednesday + planted.Thursday) / 4 / planted.Saturday).toBeGreaterThan(earlyWeek / byDay[5]);
  });

  it("peaks in the fourth quarter, highest in November, in each year", async () => {
    const rows = await store.query<{ year: number; month: number; revenue: number }>(
      `SELECT year(day) AS year, month(day) AS month, avg(revenue) AS revenue FROM (${DAILY}) GROUP BY ALL ORDER BY ALL`,
    );
    for (const year of [2024, 2025]) {
      const months = rows.filter((r) => r.year === year).map((r) => r.revenue);
      const q4 = (months[9] + months[10] + months[11]) / 3;
      const middle = months.slice(3, 9).reduce((s, r) => s + r, 0) / 6;
      expect({ year, ratio: q4 / middle > 1.3 }).toEqual({ year, ratio: true });
      expect({ year, peak: months.indexOf(Math.max(...months)) }).toEqual({ year, peak: 10 });
    }
  });
});
