// Holm and Benjamini-Hochberg on a hand-worked family, checked against statsmodels'
// multipletests (method="holm" and "fdr_bh"): [0.03, 0.06, 0.06, 0.02] and [0.02, 0.04, 0.04, 0.02].
import { expect, test } from "vitest";
import { benjaminiHochberg, holm } from "../../data-loaders/lib/stats/multiple.ts";

const p = [0.01, 0.04, 0.03, 0.005];

test("Holm, by hand", () => {
  // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04; running max 0.02, 0.03, 0.06, 0.06.
  const adjusted = holm(p);
  [0.03, 0.06, 0.06, 0.02].forEach((e, i) => expect(adjusted[i]).toBeCloseTo(e, 14));
});

test("Benjamini-Hochberg, by hand", () => {
  // Sorted p * 4 / rank = 0.02, 0.02, 0.04, 0.04; running min from the top leaves them.
  const adjusted = benjaminiHochberg(p);
  [0.02, 0.04, 0.04, 0.02].forEach((e, i) => expect(adjusted[i]).toBeCloseTo(e, 14));
});

test("untestable comparisons stay out of the family", () => {
  const adjusted = holm([0.01, NaN, 0.04]);
  expect(adjusted[0]).toBeCloseTo(0.02, 14);
  expect(adjusted[1]).toBeNaN();
  expect(adjusted[2]).toBeCloseTo(0.04, 14);
});

test("adjusted p-values never exceed 1 and a single test is left as it is", () => {
  expect(holm([0.6, 0.7])).toEqual([1, 1]);
  expect(holm([0.19])).toEqual([0.19]);
  expect(benjaminiHochberg([0.19])).toEqual([0.19]);
});

test("an adjusted p-value is never below its p-value, not even by rounding", () => {
  // (3 * p) / 3 rounds one unit in the last place below this p (the experiment_results data test
  // p_value_adjusted >= p_value caught it); the largest p of a Benjamini-Hochberg family keeps its value.
  const p = 0.4839770555536992;
  expect((3 * p) / 3).toBeLessThan(p);
  const adjusted = benjaminiHochberg([0.2, 0.3, p]);
  expect(adjusted[2]).toBe(p);
  [0.2, 0.3, p].forEach((q, i) => expect(adjusted[i]).toBeGreaterThanOrEqual(q));
});
