// Comparing two means (revenue per user) from per-arm summaries: Welch's t-test, which does not
// assume equal variances (revenue arms rarely have them). Differences are variant minus control.
import { normalQuantile, tQuantile, tTwoSided } from "./distributions.ts";
import type { Interval } from "./proportions.ts";

export interface MeanSummary {
  n: number;
  mean: number;
  /** Sample variance (n - 1 denominator). */
  variance: number;
}

export interface WelchResult {
  difference: number;
  standardError: number;
  t: number;
  /** Welch-Satterthwaite degrees of freedom (not a whole number in general). */
  df: number;
  pValue: number;
  interval: Interval;
}

/** Welch's unequal-variances t-test of H0: mean1 = mean0, two-sided, with its interval for the difference. */
export function welchTTest(control: MeanSummary, variant: MeanSummary, confidence = 0.95): WelchResult {
  const difference = variant.mean - control.mean;
  const v0 = control.variance / control.n;
  const v1 = variant.variance / variant.n;
  const standardError = Math.sqrt(v0 + v1);
  if (control.n < 2 || variant.n < 2 || !(standardError > 0)) {
    return { difference, standardError, t: NaN, df: NaN, pValue: NaN, interval: [NaN, NaN] };
  }
  const df = (v0 + v1) ** 2 / (v0 ** 2 / (control.n - 1) + v1 ** 2 / (variant.n - 1));
  const t = difference / standardError;
  const q = tQuantile(1 - (1 - confidence) / 2, df);
  return { difference, standardError, t, df, pValue: tTwoSided(t, df), interval: [difference - q * standardError, difference + q * standardError] };
}

/** Interval for one mean: mean +- t(n-1) * s / sqrt(n). */
export function meanInterval(summary: MeanSummary, confidence = 0.95): Interval {
  if (summary.n < 2) return [NaN, NaN];
  const half = tQuantile(1 - (1 - confidence) / 2, summary.n - 1) * Math.sqrt(summary.variance / summary.n);
  return [summary.mean - half, summary.mean + half];
}

/**
 * Interval for the relative lift mean1 / mean0 - 1 by the delta method on the log of the ratio:
 * var(log m) ~ s^2 / (n m^2) for each arm, normal quantile, back-transformed. Undefined unless
 * both means are positive.
 */
export function relativeMeanLiftInterval(control: MeanSummary, variant: MeanSummary, confidence = 0.95): Interval {
  if (!(control.mean > 0 && variant.mean > 0) || control.n < 2 || variant.n < 2) return [NaN, NaN];
  const logRatio = Math.log(variant.mean) - Math.log(control.mean);
  const se = Math.sqrt(control.variance / (control.n * control.mean ** 2) + variant.variance / (variant.n * variant.mean ** 2));
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return [Math.exp(logRatio - z * se) - 1, Math.exp(logRatio + z * se) - 1];
}
