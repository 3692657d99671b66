// The shared page formats: a missing value reads as a dash, and counts carry their noun in the
// right number.
import { expect, test } from "vitest";
import * as formatModule from "../../src/components/format.js";
import { columnLabel, formatCount, formatInteger } from "../../src/components/format.js";

test("counts with their noun: singular for exactly one, plural otherwise, a dash when missing", () => {
  expect(formatCount(1, "order")).toBe("1 order");
  expect(formatCount(2303, "order")).toBe("2,303 orders");
  expect(formatCount(0, "order")).toBe("0 orders");
  expect(formatCount(1, "person", "people")).toBe("1 person");
  expect(formatCount(3, "person", "people")).toBe("3 people");
  expect(formatCount(null, "order")).toBe("—");
  expect(formatInteger(undefined)).toBe("—");
});

test("column names read as headers: words, abbreviations in capitals, a trailing unit in brackets", () => {
  expect(columnLabel("recency_days")).toBe("Recency (days)");
  expect(columnLabel("customer_id")).toBe("Customer ID");
  expect(columnLabel("aov")).toBe("AOV");
  expect(columnLabel("one_off_price_change")).toBe("One off price change");
  expect(columnLabel("p_alive")).toBe("P(alive)");
  expect(columnLabel("median_seconds")).toBe("Median (seconds)");
  expect(columnLabel("Already a label")).toBe("Already a label");
});

test("one dash for every missing value, whatever the format", () => {
  const { dash, formatDecimal, formatPercent, formatFixed, formatSignificant, formatTimes, formatDate, formatIsoDate, moneyFormat } = formatModule;
  expect(dash).toBe("—");
  const formats = [formatInteger, formatDecimal, formatModule.formatCompact, formatPercent, formatFixed, formatSignificant, formatTimes, formatDate, formatIsoDate, moneyFormat("GBP"), formatModule.formatDuration];
  for (const format of formats) for (const missing of [null, undefined]) expect(format(missing)).toBe(dash);
  expect([formatInteger(Number.NaN), formatPercent(Infinity)]).toEqual([dash, dash]);
});

test("compact counts for a narrow axis: no unit below a thousand, K and M above, one decimal at most", () => {
  const { formatCompact } = formatModule;
  expect([0, 950, 5000, 12_500, 10_000, 1_234_567].map((n) => formatCompact(n))).toEqual(["0", "950", "5K", "12.5K", "10K", "1.2M"]);
});

test("numbers, ratios, money and dates (hand-worked)", () => {
  const { formatFixed, formatSignificant, formatTimes, formatIsoDate, formatDate, moneyFormat, plural } = formatModule;
  expect(formatFixed(1234.5678, 2)).toBe("1,234.57");
  expect(formatFixed(0.5, 1)).toBe("0.5");
  expect(formatSignificant(0.000243149, 4)).toBe("0.0002431");
  expect(formatSignificant(12.3456, 4)).toBe("12.35");
  expect(formatTimes(2.345)).toBe("2.35×");
  expect(moneyFormat("GBP")(168469.6)).toBe("£168,469.60");
  expect(moneyFormat("EUR", { digits: 0 })(2.9)).toBe("€3");
  expect(formatIsoDate(Date.UTC(2011, 11, 9, 23, 59))).toBe("2011-12-09");
  expect(formatDate("2011-12-09")).toBe("9 Dec 2011");
  expect([plural(1, "is", "are"), plural(2, "is", "are"), plural(0, "cohort"), plural(1, "cohort")]).toEqual(["is", "are", "cohorts", "cohort"]);
});

test("durations in the unit read at a glance (hand-worked at each boundary)", () => {
  const { formatDuration } = formatModule;
  expect([0, 44.6, 89.4].map(formatDuration)).toEqual(["0 s", "45 s", "89 s"]);
  // 90 s up to 1.5 h in minutes, then hours up to 2 days, then days.
  expect([90, 5399].map(formatDuration)).toEqual(["1.5 min", "90.0 min"]);
  expect([5400, 172799].map(formatDuration)).toEqual(["1.5 h", "48.0 h"]);
  expect([172800, 604800].map(formatDuration)).toEqual(["2.0 days", "7.0 days"]);
});
