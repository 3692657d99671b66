// Power and minimum detectable effect for the sample at hand, for a two-sided test at level alpha.
// Reported instead of "observed power", which is only a restatement of the p-value.
import { normalCdf, normalQuantile } from "./distributions.ts";

/**
 * Power of the two-sided pooled two-proportion z-test to detect p1 against p0 with n0 and n1
 * users: Phi((|p1 - p0| - z(1-alpha/2) sd0) / sd1), sd0 the pooled SE under H0 and sd1 the SE
 * under the alternative (Fleiss; with n0 = n1 this is R's power.prop.test, which also ignores the
 * far rejection region).
 */
export function twoProportionPower(p0: number, p1: number, n0: number, n1: number, alpha = 0.05): number {
  if (n0 <= 0 || n1 <= 0) return NaN;
  const pooled = (n0 * p0 + n1 * p1) / (n0 + n1);
  const sd0 = Math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1));
  const sd1 = Math.sqrt((p0 * (1 - p0)) / n0 + (p1 * (1 - p1)) / n1);
  if (!(sd1 > 0)) return NaN;
  return normalCdf((Math.abs(p1 - p0) - normalQuantile(1 - alpha / 2) * sd0) / sd1);
}

/**
 * Smallest absolute increase over the baseline p0 that the test detects with the given power,
 * found by bisection on twoProportionPower (which rises with the effect). NaN when even a rate of
 * 1 would not reach that power, or the baseline is 0 or 1 (no variance to work with).
 */
export function minimumDetectableLift(p0: number, n0: number, n1: number, alpha = 0.05, power = 0.8): number {
  if (!(p0 > 0 && p0 < 1) || n0 <= 0 || n1 <= 0) return NaN;
  const reach = (delta: number) => twoProportionPower(p0, p0 + delta, n0, n1, alpha);
  let low = 0;
  let high = 1 - p0;
  if (reach(high) < power) return NaN;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (reach(mid) >= power) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * Smallest difference in means that Welch's test detects with the given power, in the large-sample
 * normal approximation (z(1-alpha/2) + z(power)) * sqrt(s0^2/n0 + s1^2/n1), with the variances seen.
 */
export function minimumDetectableMeanDifference(variance0: number, n0: number, variance1: number, n1: number, alpha = 0.05, power = 0.8): number {
  if (n0 < 2 || n1 < 2) return NaN;
  return (normalQuantile(1 - alpha / 2) + normalQuantile(power)) * Math.sqrt(variance0 / n0 + variance1 / n1);
}
