// CUPED (issue 18 point 3) against a hand-worked example and against an independent least-squares
// fit: with theta pooled within arms, the adjusted difference of means is the treatment coefficient
// of y ~ 1 + arms + (x - mean x), theta is the coefficient of x, and 1 - variance reduction is the
// residual sum of squares of that fit over the one without x (solved by ml-matrix's QR).
import { Matrix, solve } from "ml-matrix";
import { describe, expect, test } from "vitest";
import { buildCuped, covariateArm, cupedStatuses, type CupedAggregateRow } from "../../data-loaders/lib/experiments/cuped.ts";
import type { ResultRow } from "../../data-loaders/lib/experiments/results.ts";
import { cupedFit } from "../../data-loaders/lib/stats/cuped.ts";
import { tQuantile } from "../../data-loaders/lib/stats/distributions.ts";

const settings = { alpha: 0.05, power: 0.8, minUsersPerVariant: 1 };

/** Exact sums of integer pairs, as the warehouse hands them over (decimal text). */
function aggregate(variant: string, pairs: [number, number][], metric = "revenue_per_user"): CupedAggregateRow {
  const sum = (f: (p: [number, number]) => number) => String(pairs.reduce((s, p) => s + f(p), 0));
  return {
    experiment_id: "x", variant, metric, users: pairs.length,
    y_sum: sum(([, y]) => y), y_sum_of_squares: sum(([, y]) => y * y),
    x_sum: sum(([x]) => x), x_sum_of_squares: sum(([x]) => x * x), xy_sum: sum(([x, y]) => x * y),
    users_with_pre_period: pairs.filter(([x]) => x !== 0).length,
  };
}

function resultRow(variant: string, order: number, metric = "revenue_per_user"): ResultRow {
  return { experiment_id: "x", display_order: order, metric, metric_label: metric, metric_kind: "mean", variant, is_control: false, control_variant: "control" } as unknown as ResultRow;
}

describe("hand-worked: control (x, y) = (1, 2), (2, 4), (3, 3); treatment (2, 5), (4, 6), (6, 10)", () => {
  const control = aggregate("control", [[1, 2], [2, 4], [3, 3]]);
  const treatment = aggregate("treatment", [[2, 5], [4, 6], [6, 10]]);
  // Within-arm sums of squares and products: control Sxx 2, Sxy 1, Syy 2; treatment Sxx 8, Sxy 10, Syy 14.
  // theta = (1 + 10) / (2 + 8) = 1.1; mean x over both arms = 3.
  // Adjusted means: 3 - 1.1 (2 - 3) = 4.1 and 7 - 1.1 (4 - 3) = 5.9: difference 1.8 (raw 4).
  // Adjusted variances: control 1 - 2 (1.1)(0.5) + 1.21 (1) = 1.11; treatment 7 - 2 (1.1)(5) + 1.21 (4) = 0.84.
  // Variance reduction: 1 - (16 - 11^2 / 10) / 16 = 1 - 3.9 / 16 = 0.75625.
  test("theta, adjusted means and variances, variance reduction", () => {
    const fit = cupedFit([covariateArm(control), covariateArm(treatment)]);
    expect(fit.theta).toBeCloseTo(1.1, 12);
    expect(fit.meanX).toBeCloseTo(3, 12);
    expect(fit.adjusted.map((a) => a.mean)).toEqual([expect.closeTo(4.1, 12), expect.closeTo(5.9, 12)]);
    expect(fit.adjusted.map((a) => a.variance)).toEqual([expect.closeTo(1.11, 12), expect.closeTo(0.84, 12)]);
    expect(fit.varianceReduction).toBeCloseTo(0.75625, 12);
  });

  test("the mart row: adjusted lift 1.8 with its Welch interval beside the raw lift 4", () => {
    const [row] = buildCuped([resultRow("treatment", 2)], [control, treatment], settings);
    expect(row.cuped_status).toBe(cupedStatuses.applied);
    expect(row.abs_lift).toBeCloseTo(4, 12);
    expect(row.adjusted_abs_lift).toBeCloseTo(1.8, 12);
    // se^2 = 1.11 / 3 + 0.84 / 3 = 0.65; Welch df = 0.65^2 / (0.37^2 / 2 + 0.28^2 / 2) = 0.4225 / 0.10765.
    const df = 0.4225 / 0.10765;
    const half = tQuantile(0.975, df) * Math.sqrt(0.65);
    expect(row.adjusted_abs_lift_ci_low).toBeCloseTo(1.8 - half, 10);
    expect(row.adjusted_abs_lift_ci_high).toBeCloseTo(1.8 + half, 10);
    // Raw: se^2 = 1 / 3 + 7 / 3.
    expect(Number(row.abs_lift_ci_high) - Number(row.abs_lift)).toBeGreaterThan(half);
    expect(row.adjusted_rel_lift).toBeCloseTo(5.9 / 4.1 - 1, 12);
    expect(row.variance_reduction).toBeCloseTo(0.75625, 12);
  });

  test("no variation in x: off, with the raw lift still reported", () => {
    const flat = [aggregate("control", [[0, 2], [0, 4], [0, 3]]), aggregate("treatment", [[0, 5], [0, 6], [0, 10]])];
    const [row] = buildCuped([resultRow("treatment", 2)], flat, settings);
    expect(row.cuped_status).toBe(cupedStatuses.noVariation);
    expect(row.cuped_note).toMatch(/none of its analysed users/);
    expect(row.abs_lift).toBeCloseTo(4, 12);
    expect(row.adjusted_abs_lift).toBeNull();
  });

  test("a metric with no pre-period aggregates (a flat export's outcome): off, said why", () => {
    const [row] = buildCuped([resultRow("treatment", 2, "rounds")], [control, treatment], settings);
    expect(row).toMatchObject({ metric: "rounds", cuped_status: cupedStatuses.noPrePeriod, theta: null });
    expect(row.cuped_note).toMatch(/flat export/);
  });
});

describe("against least squares (ml-matrix QR), three arms, seeded integer data", () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const arms = ["control", "b", "c"];
  const lifts = [0, 4, -3];
  const users = arms.flatMap((variant, k) => Array.from({ length: 300 }, () => {
    const x = random() < 0.3 ? 0 : Math.floor(random() * 60);
    const y = Math.max(0, Math.round(8 + 0.7 * x + lifts[k] + (random() - 0.5) * 30));
    return { variant, k, x, y };
  }));
  const aggregates = arms.map((v) => aggregate(v, users.filter((u) => u.variant === v).map((u) => [u.x, u.y])));
  const rows = buildCuped([resultRow("b", 2), resultRow("c", 3)], aggregates, settings);

  const meanX = users.reduce((s, u) => s + u.x, 0) / users.length;
  const y = Matrix.columnVector(users.map((u) => u.y));
  const withX = new Matrix(users.map((u) => [1, u.k === 1 ? 1 : 0, u.k === 2 ? 1 : 0, u.x - meanX]));
  const withoutX = new Matrix(users.map((u) => [1, u.k === 1 ? 1 : 0, u.k === 2 ? 1 : 0]));
  const beta = solve(withX, y).to1DArray();
  const rss = (design: Matrix) => {
    const residual = Matrix.sub(y, design.mmul(solve(design, y)));
    return residual.transpose().mmul(residual).get(0, 0);
  };

  test("each variant's adjusted lift is its treatment coefficient; theta is the slope of x", () => {
    expect(rows[0].adjusted_abs_lift).toBeCloseTo(beta[1], 9);
    expect(rows[1].adjusted_abs_lift).toBeCloseTo(beta[2], 9);
    expect(rows[0].theta).toBeCloseTo(beta[3], 9);
    // Not a coincidence of the data: the raw differences are not the coefficients.
    expect(Math.abs(Number(rows[0].abs_lift) - beta[1])).toBeGreaterThan(0.05);
  });

  test("variance reduction = 1 - RSS(with x) / RSS(arms only)", () => {
    expect(rows[0].variance_reduction).toBeCloseTo(1 - rss(withX) / rss(withoutX), 9);
    expect(rows[0].variance_reduction).toBeGreaterThan(0.3);
    expect(rows[0].interval_width_ratio).toBeLessThan(1);
  });
});
