// The experiment-level wiring, without a database: several variants share one Holm family, the
// leading variant is the one with the strongest evidence, and a sample-ratio mismatch overrules
// any significance.
import { describe, expect, test } from "vitest";
import { compareProportions } from "../../data-loaders/lib/experiments/compare.ts";
import { buildResults, type AggregateRow } from "../../data-loaders/lib/experiments/results.ts";
import { settingsFromVars } from "../../data-loaders/lib/experiments/settings.ts";
import { buildSummary, type AllocationRow, type LedgerRow } from "../../data-loaders/lib/experiments/summary.ts";
import { twoProportionZTest } from "../../data-loaders/lib/stats/proportions.ts";

// The declared defaults (data-loaders/models/vars.yml).
const defaultSettings = settingsFromVars({});

const arm = (variant: string, users: number, successes: number): AggregateRow => ({
  experiment_id: "e", variant, metric: "conversion", metric_kind: "proportion", users, successes, value_sum: String(successes), value_sum_of_squares: String(successes),
});
const aggregates = [arm("control", 10000, 1000), arm("b", 10000, 1100), arm("c", 10000, 1005)];
const variants = [{ experiment_id: "e", variant: "b", is_control: false }, { experiment_id: "e", variant: "c", is_control: false }, { experiment_id: "e", variant: "control", is_control: true }];

describe("three variants", () => {
  const rows = buildResults(aggregates, variants, defaultSettings);

  test("Holm over the two comparisons: 2 p(b), then max(2 p(b), p(c))", () => {
    const pb = twoProportionZTest(1000, 10000, 1100, 10000).pValue;
    const pc = twoProportionZTest(1000, 10000, 1005, 10000).pValue;
    expect(pb).toBeLessThan(pc);
    const b = rows.find((r) => r.variant === "b")!;
    const c = rows.find((r) => r.variant === "c")!;
    expect(b.p_value_adjusted).toBeCloseTo(Math.min(1, 2 * pb), 14);
    expect(c.p_value_adjusted).toBeCloseTo(Math.max(2 * pb, pc), 14);
    expect([b.comparisons, c.comparisons]).toEqual([2, 2]);
    expect(b.significant).toBe(2 * pb < 0.05);
  });

  test("the control's row is listed first, with no comparison", () => {
    expect(rows.map((r) => r.variant)).toEqual(["control", "b", "c"]);
    expect(rows[0]).toMatchObject({ is_control: true, p_value: null, abs_lift: null, users: 10000, successes: 1000 });
  });

  const ledger: LedgerRow[] = [{ experiment_id: "e", stage: "analysis", outcome: "analysed", assignment_rows: 30000, users: 30000 }];
  const facts = [{ experiment_id: "e", control_rule: "variant named control", first_assigned_at: null, last_assigned_at: null, outcome_source: "export", kept_users_with_excluded_rows: 0, kept_users_excluded_in_other_variant: 0 }];
  const allocation = (users: [number, number, number]): AllocationRow[] =>
    ["control", "b", "c"].map((variant, i) => ({ experiment_id: "e", variant, is_control: variant === "control", users: users[i], planned_share: 1 / 3, share_rule: "equal split, none declared" }));

  test("a balanced split: the leading variant is b, a significant improvement", () => {
    const [summary] = buildSummary(allocation([10000, 10000, 10000]), ledger, facts, rows, defaultSettings, 30);
    expect(summary).toMatchObject({ srm_status: "ok", leading_variant: "b", verdict: "significant improvement", comparisons: 2 });
    expect(summary.abs_lift).toBeCloseTo(0.01, 14);
  });

  test("a mismatched split invalidates the same result (chi-square 16.39, p = exp(-8.197))", () => {
    // Expected 30500/3 each: (166.67^2 + 333.33^2 + 166.67^2) / 10166.67 = 16.393; df 2, p = exp(-16.393/2).
    const [summary] = buildSummary(allocation([10000, 10500, 10000]), ledger, facts, rows, defaultSettings, 30);
    expect(summary.srm_chi_square).toBeCloseTo(500000 / 3 / (30500 / 3), 10);
    expect(summary.srm_p_value).toBeCloseTo(Math.exp(-(500000 / 30500) / 2), 14);
    expect(summary).toMatchObject({ srm_status: "invalid", verdict: "invalid: sample ratio mismatch" });
  });
});

describe("settings", () => {
  test("defaults, and a bad var names itself", () => {
    expect(settingsFromVars({})).toEqual({ alpha: 0.05, power: 0.8, minUsersPerVariant: 100, correction: "holm" });
    expect(() => settingsFromVars({ experiment_alpha: 0.7 })).toThrow("vars.experiment_alpha: var experiment_alpha is 0.7; it must be a number, above 0 and below 0.5");
    expect(() => settingsFromVars({ experiment_min_users_per_variant: "many" })).toThrow(/experiment_min_users_per_variant/);
  });
});

describe("the Bayesian view of a conversion comparison", () => {
  const settings = settingsFromVars({});
  const control = { users: 97_000, successes: 3_020, mean: NaN, variance: NaN };
  const variant = { users: 96_500, successes: 3_160, mean: NaN, variance: NaN };

  test("is left out only when asked (the breakdowns, which do not show it), and nothing else changes", () => {
    const withIt = compareProportions(control, variant, settings);
    const without = compareProportions(control, variant, settings, { bayesian: false });
    expect(withIt.chanceToBeat).toBeGreaterThan(0.9);
    expect(withIt.chanceToBeat).toBeLessThan(1);
    expect(withIt.lossIfShipped).toBeGreaterThan(0);
    expect([without.chanceToBeat, without.lossIfShipped, without.lossIfKept]).toEqual([null, null, null]);
    expect({ ...without, chanceToBeat: withIt.chanceToBeat, lossIfShipped: withIt.lossIfShipped, lossIfKept: withIt.lossIfKept }).toEqual(withIt);
  });
});
