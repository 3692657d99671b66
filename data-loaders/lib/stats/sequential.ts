// Always-valid ("peeking-safe") inference for a difference between two arms: the mixture
// sequential probability ratio test (mSPRT) with a normal mixture over the true difference, as in
// Johari, Koomen, Pekelis & Walsh (2017, "Peeking at A/B tests", KDD) and the sequential modes of
// GrowthBook, Optimizely and Statsig. Written from the formulas, on the normal approximation of the
// estimate: with d the estimated difference, V its variance and tau^2 the mixing variance,
//   Lambda = sqrt(V / (V + tau^2)) * exp(tau^2 d^2 / (2 V (V + tau^2)))
// is a nonnegative martingale under H0 (d = 0), so P(Lambda ever reaches 1/alpha) <= alpha
// (Ville's inequality): 1 / Lambda is a p-value, and inverting Lambda < 1/alpha gives an interval,
// that stay valid however often the result is looked at and whenever the test is stopped.

export interface SequentialResult {
  /** Always-valid p-value at this look: min(1, 1 / Lambda). */
  pValue: number;
  /** Always-valid (confidence-sequence) interval for the difference. */
  low: number;
  high: number;
}

/**
 * The mixing variance tau^2 that makes the interval narrowest when the estimate's variance is
 * `plannedVariance` (at the experiment's final sample): tau^2 = V_N (-2 ln alpha + ln(1 - 2 ln alpha)),
 * the tuning GrowthBook documents. Any fixed tau^2 keeps the guarantee; this one only sets where
 * the interval is tightest.
 */
export function mixingVariance(plannedVariance: number, alpha: number): number {
  const a = -2 * Math.log(alpha);
  return plannedVariance * (a + Math.log(1 + a));
}

/** The mSPRT at one look: estimate `difference` with sampling variance `variance`. */
export function mixtureSprt(difference: number, variance: number, tauSquared: number, alpha: number): SequentialResult {
  if (!(variance > 0) || !(tauSquared > 0) || !Number.isFinite(difference)) return { pValue: NaN, low: NaN, high: NaN };
  const total = variance + tauSquared;
  const logLambda = 0.5 * Math.log(variance / total) + (tauSquared * difference * difference) / (2 * variance * total);
  const half = Math.sqrt(((variance * total) / tauSquared) * (Math.log(total / variance) - 2 * Math.log(alpha)));
  return { pValue: Math.min(1, Math.exp(-logLambda)), low: difference - half, high: difference + half };
}

/** Unpooled variance of a difference of two rates, the estimate the mSPRT of a rate uses. */
export function rateDifferenceVariance(x0: number, n0: number, x1: number, n1: number): number {
  const p0 = x0 / n0;
  const p1 = x1 / n1;
  return (p0 * (1 - p0)) / n0 + (p1 * (1 - p1)) / n1;
}
