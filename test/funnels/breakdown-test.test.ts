// The funnel breakdown's chi-square test (src/components/breakdown-test.js), which the build and the
// funnels page both run: against a hand-worked 3 x 2 table (df = 2, where the chi-square upper tail
// is exactly exp(-x / 2)) and, for two groups, against the pooled two-proportion z-test (chi-square
// = z squared, p = the two-sided normal p-value), a second method written differently.
import gammainc from "@stdlib/math-base-special-gammainc";
import { describe, expect, it } from "vitest";
import { breakdownTest, chiSquareIndependence } from "../../src/components/breakdown-test.js";
import { normalTwoSided } from "../../data-loaders/lib/stats/distributions.ts";

describe("funnel breakdown chi-square", () => {
  it("equals a hand-worked 3 x 2 table", () => {
    // 400 units, 120 completed (share 0.3): expected completed 30, 60, 30 and not completed 70, 140, 70.
    // chi2 = 0 + 0 + 20^2/60 + 20^2/140 + 20^2/30 + 20^2/70 = 28.5714...
    const result = chiSquareIndependence([{ units: 100, completed: 30 }, { units: 200, completed: 40 }, { units: 100, completed: 50 }], gammainc);
    const expected = 400 / 60 + 400 / 140 + 400 / 30 + 400 / 70;
    expect(result.chi_square).toBeCloseTo(expected, 10);
    expect(result.df).toBe(2);
    expect(result.p_value! / Math.exp(-expected / 2)).toBeCloseTo(1, 10);
    expect(result.min_expected).toBeCloseTo(30, 12);
    expect([result.units, result.completed]).toEqual([400, 120]);
  });

  it("equals the pooled two-proportion z-test for two groups", () => {
    const [a, b] = [{ units: 1234, completed: 321 }, { units: 987, completed: 301 }];
    const pooled = (a.completed + b.completed) / (a.units + b.units);
    const z = (a.completed / a.units - b.completed / b.units) / Math.sqrt(pooled * (1 - pooled) * (1 / a.units + 1 / b.units));
    const result = chiSquareIndependence([a, b], gammainc);
    expect(result.chi_square! / z ** 2).toBeCloseTo(1, 12);
    expect(result.p_value! / normalTwoSided(z)).toBeCloseTo(1, 9);
  });

  it("is undefined with one group, or when nobody or everybody completed", () => {
    expect(chiSquareIndependence([{ units: 10, completed: 3 }], gammainc).p_value).toBeNull();
    expect(chiSquareIndependence([{ units: 10, completed: 0 }, { units: 5, completed: 0 }], gammainc).chi_square).toBeNull();
    expect(chiSquareIndependence([{ units: 10, completed: 10 }, { units: 5, completed: 5 }], gammainc).min_expected).toBeNull();
  });

  it("reads the last step of step rows and leaves out groups without closed windows", () => {
    const rows = [
      { value: "b", step_index: 1, rate_first_units: 200, rate_units: 200 },
      { value: "b", step_index: 3, rate_first_units: 200, rate_units: 40 },
      { value: "a", step_index: 3, rate_first_units: 100, rate_units: 30 },
      { value: "c", step_index: 3, rate_first_units: 100, rate_units: 50 },
      { value: "(none)", step_index: 3, rate_first_units: 0, rate_units: 0 },
    ];
    const result = breakdownTest(rows, gammainc);
    expect(result.groups).toBe(3);
    expect(result.chi_square).toBeCloseTo(400 / 60 + 400 / 140 + 400 / 30 + 400 / 70, 10);
  });
});
