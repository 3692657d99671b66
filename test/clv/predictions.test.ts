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
import { simulateCustomers } from "../../data-loaders/lib/clv/simulate.ts";
import { assignTiers, NO_NET_VALUE, NOT_PREDICTED } from "../../data-loaders/lib/clv/tiers.ts";
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
    // A customer with no net value is its own group and takes no rank, however high its prediction.
    const withUnscored = [...rows, { customer_id: "f", predicted_value: 99, is_scored: false }];
    expect(Object.fromEntries(assignTiers(withUnscored, [{ tier: "Top", topShare: 0.25 }, { tier: "Mid", topShare: 0.5 }, { tier: "Low", topShare: 1 }])))
      .toEqual({ b: "Top", c: "Mid", d: "Low", a: "Low", e: NOT_PREDICTED, f: NO_NET_VALUE });
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

describe("eq. 10 where its 2F1 has c < 0 (a + b < 1, customers with no repeat purchase)", () => {
  // Independent reference: for x = 0 the customer is alive, the purchase rate's posterior is
  // Gamma(r, alpha + T) and the dropout probability's is its Beta(a, b) prior, and an alive customer
  // with (lambda, p) makes (1 - e^(-lambda p t)) / p purchases in t on average (FHL 2005, eq. 7). So
  // E = integral over p of (1 - ((alpha + T) / (alpha + T + p t))^r) / p against Beta(a, b), by
  // quadrature after substitutions that remove the beta density's endpoint singularities.
  const integrated = ({ r, alpha, a, b }: { r: number; alpha: number; a: number; b: number }, T: number, t: number) => {
    const g = (p: number) => (p === 0 ? (r * t) / (alpha + T) : -Math.expm1(-r * Math.log1p((p * t) / (alpha + T))) / p);
    const simpson = (f: (u: number) => number, hi: number, n = 20_000) => {
      const h = hi / n;
      let sum = f(0) + f(hi);
      for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(i * h);
      return (sum * h) / 3;
    };
    // p = s^(1/a) on [0, 1/2]; 1 - p = u^(1/b) on [1/2, 1].
    const low = simpson((s) => { const p = Math.pow(s, 1 / a); return (g(p) * Math.pow(1 - p, b - 1)) / a; }, Math.pow(0.5, a));
    const high = simpson((u) => { const p = 1 - Math.pow(u, 1 / b); return (g(p) * Math.pow(p, a - 1)) / b; }, Math.pow(0.5, b));
    const beta = Math.exp(gammaln(a) + gammaln(b) - gammaln(a + b));
    return (low + high) / beta;
  };

  test("equals the model integrated over the dropout probability", () => {
    for (const parameters of [{ r: 0.8, alpha: 40, a: 0.3, b: 0.4 }, { r: 0.72, alpha: 65.8, a: 0.05, b: 0.217 }, { r: 2, alpha: 10, a: 0.6, b: 0.3 }]) {
      for (const [T, t] of [[100, 30], [100, 365], [20, 1000]]) {
        const eq10 = conditionalExpectedPurchases(parameters, 0, 0, T, t);
        expect(eq10.converged).toBe(true);
        expect(Math.abs(eq10.value / integrated(parameters, T, t) - 1)).toBeLessThan(1e-7);
      }
    }
  });
});

describe("BG/NBD on its boundary a -> 0 (no dropout: the NBD model)", () => {
  const nbd = (r: number, alpha: number, x: number, T: number, t: number) => ((r + x) * t) / (alpha + T);

  test("eq. 10 and P(alive) tend to the NBD's as a -> 0, whatever b", () => {
    for (const b of [0.217, 3]) {
      const near = { r: 0.72, alpha: 65.8, a: 1e-9, b };
      for (const [x, tx, T] of [[0, 0, 120], [1, 40, 120], [4, 90, 300]]) {
        for (const t of [30, 90, 365]) {
          const value = conditionalExpectedPurchases(near, x, tx, T, t);
          expect(value.converged).toBe(true);
          expect(Math.abs(value.value / nbd(near.r, near.alpha, x, T, t) - 1)).toBeLessThan(1e-6);
          expect(conditionalExpectedPurchases({ ...near, a: 0 }, x, tx, T, t).value).toBe(nbd(near.r, near.alpha, x, T, t));
        }
        expect(1 - probabilityAlive(near, x, tx, T)).toBeLessThan(1e-6);
      }
    }
  });

  test("the batch predictor at a = 0 (no b published) gives finite, sensible predictions", () => {
    const boundary = { r: 0.72, alpha: 65.8, a: 0, b: Number.NaN };
    const predict = createPredictor(boundary, { p: 3.2, q: 4.1, gamma: 150 }, clvSettingsFromVars({}));
    for (const h of [{ x: 0, tx: 0, T: 200, spend: null }, { x: 1, tx: 12, T: 40, spend: 80 }, { x: 40, tx: 50, T: 700, spend: 30 }]) {
      const p = predict(h);
      expect(p.p_alive).toBe(1);
      expect(p.expected_purchases_short!).toBeCloseTo(nbd(0.72, 65.8, h.x, h.T, 30), 12);
      expect(p.expected_purchases_long!).toBeCloseTo(nbd(0.72, 65.8, h.x, h.T, 365), 12);
      expect(0 <= p.expected_purchases_short! && p.expected_purchases_short! < p.expected_purchases_medium! && p.expected_purchases_medium! < p.expected_purchases_long!).toBe(true);
      expect(Number.isFinite(p.predicted_value!) && p.predicted_value! > 0).toBe(true);
      expect(p.series_converged).toBe(true);
    }
  });

  // Customers drawn with no dropout (a = 1e-12): on such data the maximum lies on the set where the
  // mean dropout a / (a + b) is 0, reached through a -> 0 or b -> infinity depending on the draw;
  // with this seed through a -> 0 (others run along b -> infinity and end as a non-converged
  // warning, or stop at a large a and b: see the README).
  const drawn = simulateCustomers({ r: 0.7, alpha: 60, a: 1e-12, b: 0.3 }, { p: 4, q: 3.5, gamma: 150 }, { customers: 2000, minAge: 30, maxAge: 400, seed: 4, wholeDays: true });
  const rows = drawn.map((c, i) => ({ customer_id: String(i), frequency: c.x, recency: c.tx, age: c.T, repeat_spend: c.spend }));

  test("a fit there is reported at a = 0 with the NBD's likelihood, and its meaning is spelt out", () => {
    const [bgnbd] = fitSummaries("calibration", "2025-01-01", rows, null);
    expect(bgnbd).toMatchObject({ converged: true, usable: true, warning: null, a: 0, b: null });
    expect(bgnbd.boundary).toMatch(/^a at its lower bound: the model finds almost no dropout/);
    // The NBD log-likelihood written out: ln Γ(r+x) - ln Γ(r) + r ln α - (r+x) ln(α+T) per customer.
    const nbdLL = (r: number, alpha: number) => rows.reduce((sum, c) => sum + gammaln(r + c.frequency) - gammaln(r) + r * Math.log(alpha) - (r + c.frequency) * Math.log(alpha + c.age), 0);
    expect(bgnbd.log_likelihood!).toBeCloseTo(nbdLL(bgnbd.r!, bgnbd.alpha!), 8);
    // r and alpha are the NBD's maximum: its slopes in log r and log alpha vanish.
    const h = 1e-5;
    const slope = (dr: number, dAlpha: number) => (nbdLL(bgnbd.r! * Math.exp(dr * h), bgnbd.alpha! * Math.exp(dAlpha * h)) - nbdLL(bgnbd.r! * Math.exp(-dr * h), bgnbd.alpha! * Math.exp(-dAlpha * h))) / (2 * h) / rows.length;
    expect(Math.abs(slope(1, 0))).toBeLessThan(1e-6);
    expect(Math.abs(slope(0, 1))).toBeLessThan(1e-6);
  });
});
