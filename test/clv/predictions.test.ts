// The pieces behind the store predictions, each against a reference computed another way:
// the scalar eq. 10 and discounted-value loop against the cached batch
// predictor, hand-worked tiers, finite-difference gradients, and fit failures that must warn.
import { describe, expect, test } from "vitest";
import { createPredictor } from "../../data-loaders/lib/clv/customer-predictions.ts";
import { fitSummaries } from "../../data-loaders/lib/clv/fit-summaries.ts";
import gammaln from "@stdlib/math-base-special-gammaln";
import { gammaGammaLogLikelihood, prepareSpend } from "../../data-loaders/lib/clv/gamma-gamma-likelihood.ts";
import { conditionalExpectedPurchases, discountedValue, expectedAverageSpend, probabilityAlive } from "../../data-loaders/lib/clv/predictions.ts";
import { clvSettingsFromVars } from "../../data-loaders/lib/clv/settings.ts";
import { assignTiers, NOT_PREDICTED } from "../../data-loaders/lib/clv/tiers.ts";
import { differencedHessian } from "./second-differences.ts";

describe("batch predictor", () => {
  const bgnbd = { r: 0.6, alpha: 30, a: 0.97, b: 3.1 };
  const gammaGamma = { p: 3.2, q: 4.1, gamma: 150 };
  const settings = clvSettingsFromVars({});
  const predict = createPredictor(bgnbd, gammaGamma, settings);
  const histories = [
    { x: 0, tx: 0, T: 200, spend: null },
    { x: 1, tx: 12, T: 40, spend: 80 },
    { x: 7, tx: 300, T: 310, spend: 55.5 },
    { x: 7, tx: 100, T: 310, spend: 120 },
    { x: 40, tx: 500, T: 700, spend: 30 },
  ];

  test("equals the scalar eq. 10, P(alive) and discounted-value loop for every customer", () => {
    for (const h of histories) {
      const p = predict(h);
      const spend = expectedAverageSpend(gammaGamma, h.x, h.spend ?? 0);
      expect(p.p_alive).toBeCloseTo(probabilityAlive(bgnbd, h.x, h.tx, h.T), 12);
      expect(p.expected_purchases_long).toBeCloseTo(conditionalExpectedPurchases(bgnbd, h.x, h.tx, h.T, 365).value, 10);
      expect(p.predicted_value! / discountedValue(bgnbd, h.x, h.tx, h.T, spend, 12, 30, 0.01).value - 1).toBeLessThan(1e-10);
      expect(p.series_converged).toBe(true);
    }
  });

  test("without discounting, value is expected spend times expected purchases over the 360 days", () => {
    const undiscounted = createPredictor(bgnbd, gammaGamma, clvSettingsFromVars({ clv_monthly_discount_rate: 0 }));
    const h = histories[2];
    const p = undiscounted(h);
    expect(p.predicted_value! / (p.expected_spend! * conditionalExpectedPurchases(bgnbd, h.x, h.tx, h.T, 360).value) - 1).toBeLessThan(1e-12);
    // Discounting can only lower it.
    expect(predict(h).predicted_value!).toBeLessThan(p.predicted_value!);
  });

  test("a customer with no repeats is alive for sure and gets the population's mean spend", () => {
    const p = predict(histories[0]);
    expect(p.p_alive).toBe(1);
    expect(p.expected_spend).toBeCloseTo((3.2 * 150) / (4.1 - 1), 10);
  });

  test("without a usable BG/NBD fit every prediction is withheld", () => {
    expect(createPredictor(null, gammaGamma, settings)(histories[1]).predicted_value).toBeNull();
  });
});

describe("Gamma-Gamma log-likelihood", () => {
  test("equals the per-customer sum of Fader & Hardie (2013) eq. 3, written out directly", () => {
    const x = [1, 2, 5, 9, 2, 1], m = [20, 35.5, 12, 80, 17.25, 3];
    const data = prepareSpend({ x: Float64Array.from(x), m: Float64Array.from(m) });
    for (const [p, q, gamma] of [[4, 3, 20], [0.7, 11, 300], [12, 1.5, 2.5]]) {
      // ln[ Γ(px+q) / (Γ(px) Γ(q)) · γ^q · m^(px-1) · x^(px) / (γ + mx)^(px+q) ]
      const direct = x.reduce((sum, xi, i) => sum + gammaln(p * xi + q) - gammaln(p * xi) - gammaln(q) + q * Math.log(gamma) + (p * xi - 1) * Math.log(m[i]) + p * xi * Math.log(xi) - (p * xi + q) * Math.log(gamma + m[i] * xi), 0);
      expect(gammaGammaLogLikelihood({ p, q, gamma }, data)).toBeCloseTo(direct, 10);
    }
  });
});

describe("Gamma-Gamma gradient", () => {
  test("agrees with central differences of the log-likelihood", () => {
    const data = prepareSpend({ x: Float64Array.from([1, 2, 5, 9]), m: Float64Array.from([20, 35.5, 12, 80]) });
    const at = (v: number[]) => gammaGammaLogLikelihood({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) }, data);
    const point = [Math.log(4), Math.log(3), Math.log(20)];
    const gradient = [0, 0, 0];
    gammaGammaLogLikelihood({ p: 4, q: 3, gamma: 20 }, data, gradient);
    for (let i = 0; i < 3; i++) {
      const h = 1e-6;
      const numeric = (at(point.map((v, j) => (j === i ? v + h : v))) - at(point.map((v, j) => (j === i ? v - h : v)))) / (2 * h);
      expect(gradient[i]).toBeCloseTo(numeric, 5);
    }
  });

  test("the Hessian agrees with second differences of the log-likelihood", () => {
    const data = prepareSpend({ x: Float64Array.from([1, 2, 5, 9, 3]), m: Float64Array.from([20, 35.5, 12, 80, 41]) });
    const at = (v: number[]) => gammaGammaLogLikelihood({ p: Math.exp(v[0]), q: Math.exp(v[1]), gamma: Math.exp(v[2]) }, data);
    const hessian = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    gammaGammaLogLikelihood({ p: 4, q: 3, gamma: 20 }, data, [0, 0, 0], hessian);
    const numeric = differencedHessian(at, [Math.log(4), Math.log(3), Math.log(20)], 1e-4);
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) expect(Math.abs(hessian[j][k] - numeric[j][k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric[j][k])));
  });
});

describe("tiers", () => {
  test("rank shares cut at each tier's top_share; ties by customer id; unpredicted customers apart", () => {
    const rows = [
      { customer_id: "a", predicted_value: 10 }, { customer_id: "b", predicted_value: 50 }, { customer_id: "c", predicted_value: 30 },
      { customer_id: "d", predicted_value: 30 }, { customer_id: "e", predicted_value: null },
    ];
    const tiers = assignTiers(rows, [{ tier: "Top", topShare: 0.25 }, { tier: "Mid", topShare: 0.5 }, { tier: "Low", topShare: 1 }]);
    expect(Object.fromEntries(tiers)).toEqual({ b: "Top", c: "Mid", d: "Low", a: "Low", e: NOT_PREDICTED });
    expect(() => assignTiers(rows, [{ tier: "Top", topShare: 0.5 }])).toThrow(/top_share must be 1/);
  });
});

describe("fits that cannot be trusted", () => {
  test("no repeat buyer: both rows carry a warning and are not usable", () => {
    const rows = [1, 2, 3].map((i) => ({ customer_id: String(i), frequency: 0, recency: 0, age: 10 + i, repeat_spend: null }));
    const diagnostics = fitSummaries("full", "2025-01-01", rows, null);
    expect(diagnostics.map((d) => [d.model, d.usable])).toEqual([["bgnbd", false], ["gamma_gamma", false]]);
    expect(diagnostics[0].warning).toMatch(/BG\/NBD could not be fitted: .*no customer made a repeat purchase/);
    expect(diagnostics[1].warning).toMatch(/Gamma-Gamma could not be fitted/);
  });

  test("bad vars are named", () => {
    expect(() => clvSettingsFromVars({ clv_monthly_discount_rate: 2 })).toThrow(/var clv_monthly_discount_rate is 2/);
    expect(() => clvSettingsFromVars({ clv_calibration_end: "2025/01/01" })).toThrow(/var clv_calibration_end/);
    expect(() => clvSettingsFromVars({ clv_horizon_short_days: 400 })).toThrow(/must increase/);
  });
});
