// Grouping customers by (x, t_x, T), against counts kept under a string key per triple (the
// plainest way to write it), on whole-day and continuous times, for both the sorted-key path
// and the comparison path it falls back on.
import { describe, expect, test } from "vitest";
import { groupByComparison, groupCustomers, type CustomerGroups, type CustomerSummary } from "../../data-loaders/lib/clv/groups.ts";
import { simulateCustomers } from "../../data-loaders/lib/clv/simulate.ts";

function reference(customers: CustomerSummary[]) {
  const counts = new Map<string, { x: number; tx: number; T: number; n: number }>();
  for (const c of customers) {
    const key = `${c.x}|${c.tx}|${c.T}`;
    const entry = counts.get(key) ?? { x: c.x, tx: c.tx, T: c.T, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((p, q) => p.x - q.x || p.tx - q.tx || p.T - q.T);
}

function expectGroups(groups: CustomerGroups, customers: CustomerSummary[]) {
  const expected = reference(customers);
  expect(groups.customers).toBe(customers.length);
  expect(Array.from(groups.x)).toEqual(expected.map((e) => e.x));
  expect(Array.from(groups.tx)).toEqual(expected.map((e) => e.tx));
  expect(Array.from(groups.T)).toEqual(expected.map((e) => e.T));
  expect(Array.from(groups.weight)).toEqual(expected.map((e) => e.n));
  const times = [...new Set(customers.flatMap((c) => [c.tx, c.T]))].sort((p, q) => p - q);
  expect(Array.from(groups.times)).toEqual(times);
  expect(Array.from(groups.txIndex, (k) => groups.times[k])).toEqual(expected.map((e) => e.tx));
  expect(Array.from(groups.TIndex, (k) => groups.times[k])).toEqual(expected.map((e) => e.T));
}

describe("groupCustomers", () => {
  const bgnbd = { r: 0.6, alpha: 30, a: 0.8, b: 3 }, spend = { p: 4, q: 3.5, gamma: 150 };
  for (const wholeDays of [true, false]) {
    const customers = simulateCustomers(bgnbd, spend, { customers: 20_000, minAge: 1, maxAge: 120, seed: 5, wholeDays });

    test(`equals per-triple counts (${wholeDays ? "whole days" : "continuous times"})`, () => {
      const groups = groupCustomers(customers);
      // Whole days repeat triples, so the groups are fewer than the customers.
      if (wholeDays) expect(groups.x.length).toBeLessThan(customers.length / 2);
      expectGroups(groups, customers);
    });

    test(`the comparison path gives the same groups (${wholeDays ? "whole days" : "continuous times"})`, () => {
      const times = Float64Array.from(new Set(customers.flatMap((c) => [c.tx, c.T]))).sort();
      const column = (pick: (c: CustomerSummary) => number) => Float64Array.from(customers, pick);
      expectGroups(groupByComparison(column((c) => c.x), column((c) => c.tx), column((c) => c.T), times), customers);
    });
  }
});
