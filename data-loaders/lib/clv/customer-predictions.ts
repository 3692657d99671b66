// Forward-looking predictions per customer from the full-period fits: P(alive), expected purchase
// days over three horizons, expected spend per purchase and discounted value over the value
// horizon. Withheld (null) when the fit they need is not usable; `series_converged` says whether
// every hypergeometric series behind the figures converged. The series depend on (x, T) only, so
// a predictor computes them once per distinct (x, T) and reuses them for every customer sharing it.
import type { BgNbdParameters } from "./bgnbd-likelihood.ts";
import type { GammaGammaParameters } from "./gamma-gamma-likelihood.ts";
import { aliveExpectedPurchases, expectedAverageSpend, inverseProbabilityAlive } from "./predictions.ts";
import { MONTH_DAYS, type ClvSettings } from "./settings.ts";

export interface CustomerHistory {
  x: number;
  tx: number;
  T: number;
  /** Mean spend per repeat purchase; null without repeats. */
  spend: number | null;
}

export interface CustomerPrediction {
  p_alive: number | null;
  expected_purchases_short: number | null;
  expected_purchases_medium: number | null;
  expected_purchases_long: number | null;
  expected_spend: number | null;
  predicted_value: number | null;
  series_converged: boolean;
}

/** No prediction: no usable fit, or a customer with no purchase to predict from. */
export const withheld: CustomerPrediction = {
  p_alive: null, expected_purchases_short: null, expected_purchases_medium: null, expected_purchases_long: null,
  expected_spend: null, predicted_value: null, series_converged: true,
};

export function createPredictor(bgnbd: BgNbdParameters | null, gammaGamma: GammaGammaParameters | null, settings: ClvSettings): (history: CustomerHistory) => CustomerPrediction {
  if (!bgnbd) return () => withheld;
  const months = Array.from({ length: settings.valueMonths }, (_, k) => (k + 1) * MONTH_DAYS);
  // Horizon times: the three purchase horizons, then the month ends of the value horizon.
  const times = [settings.horizonShortDays, settings.horizonMediumDays, settings.horizonLongDays, ...months];
  const discounts = months.map((_, k) => Math.pow(1 + settings.monthlyDiscountRate, -(k + 1)));
  // Per (x, T): expected purchases by each horizon time if alive (eq. 10 without its denominator).
  const cache = new Map<number, Map<number, { alive: Float64Array; converged: boolean }>>();
  const aliveFor = (x: number, T: number) => {
    let byT = cache.get(x);
    if (!byT) cache.set(x, (byT = new Map()));
    let entry = byT.get(T);
    if (!entry) {
      const alive = new Float64Array(times.length);
      let converged = true;
      times.forEach((t, i) => {
        const expectation = aliveExpectedPurchases(bgnbd, x, T, t);
        alive[i] = expectation.value;
        converged &&= expectation.converged;
      });
      byT.set(T, (entry = { alive, converged }));
    }
    return entry;
  };
  return ({ x, tx, T, spend }) => {
    const { alive, converged } = aliveFor(x, T);
    // P(alive)'s inverse is eq. 10's denominator at every horizon: one exp per customer, not one per
    // horizon. No closure per customer either: under tsx each one is named through defineProperty.
    const inverseAlive = inverseProbabilityAlive(bgnbd, x, tx, T);
    const expectedSpend = gammaGamma ? expectedAverageSpend(gammaGamma, x, x > 0 ? spend ?? 0 : 0) : null;
    let value: number | null = null;
    if (expectedSpend !== null) {
      value = 0;
      let previous = 0;
      for (let k = 0; k < months.length; k++) {
        const cumulative = alive[3 + k] / inverseAlive;
        value += (cumulative - previous) * expectedSpend * discounts[k];
        previous = cumulative;
      }
    }
    return {
      p_alive: 1 / inverseAlive,
      expected_purchases_short: alive[0] / inverseAlive,
      expected_purchases_medium: alive[1] / inverseAlive,
      expected_purchases_long: alive[2] / inverseAlive,
      expected_spend: expectedSpend,
      predicted_value: value,
      series_converged: converged,
    };
  };
}

/** Parameters of a usable fit from its diagnostics row, or null. */
export function bgnbdParameters(row: Record<string, unknown> | undefined): BgNbdParameters | null {
  if (!row || row.usable !== true) return null;
  // A fit at a = 0 publishes no b (the likelihood does not depend on it there), and no formula
  // reads b when a = 0: NaN would show at once if one did.
  return { r: Number(row.r), alpha: Number(row.alpha), a: Number(row.a), b: row.b === null ? Number.NaN : Number(row.b) };
}

export function gammaGammaParameters(row: Record<string, unknown> | undefined): GammaGammaParameters | null {
  if (!row || row.usable !== true) return null;
  return { p: Number(row.p), q: Number(row.q), gamma: Number(row.gamma) };
}
