// Exact moments from decimal sums, against hand-worked values.
import { expect, test } from "vitest";
import { momentsFromSums, parseDecimal } from "../../data-loaders/lib/stats/moments.ts";

test("revenue 20, 0, 10, 30: mean 15, sample variance 500/3", () => {
  // sum 60, sum of squares 400 + 0 + 100 + 900 = 1400; (4 * 1400 - 3600) / (4 * 3) = 2000 / 12.
  const m = momentsFromSums(4, "60.0000", "1400.00000000");
  expect(m.mean).toBe(15);
  expect(m.variance).toBeCloseTo(500 / 3, 12);
});

test("no cancellation: values near 1e6 that differ by cents", () => {
  // 1000000.01 and 1000000.03: mean 1000000.02, variance ((0.01)^2 + (0.01)^2) / 1 = 0.0002.
  // Squares by hand: 1000000020000.0001 + 1000000060000.0009 = 2000000080000.0010.
  const m = momentsFromSums(2, "2000000.0400", "2000000080000.00100000");
  expect(m.mean).toBeCloseTo(1000000.02, 8);
  expect(m.variance).toBeCloseTo(0.0002, 15);
});

test("rates: 3 conversions of 10 users give p(1-p) n/(n-1)", () => {
  const m = momentsFromSums(10, "3.0000", "3.00000000");
  expect(m.mean).toBe(0.3);
  expect(m.variance).toBeCloseTo((0.3 * 0.7 * 10) / 9, 15);
});

test("edge cases and parsing", () => {
  expect(momentsFromSums(1, "5.0000", "25.00000000").variance).toBeNaN();
  expect(momentsFromSums(0, "0", "0").mean).toBeNaN();
  expect(parseDecimal("-12.3400")).toEqual({ units: -123400n, scale: 4 });
  expect(parseDecimal("7")).toEqual({ units: 7n, scale: 0 });
  expect(() => parseDecimal("1e5")).toThrow();
});
