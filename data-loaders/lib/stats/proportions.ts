// Comparing two conversion rates: control (x0 of n0) against a variant (x1 of n1). Differences
// are variant minus control. Every function returns NaN where the quantity is undefined (no
// users, or every user converted or none did), never a made-up number.
import { chiSquareSurvival, hypergeometricPmf, normalQuantile, normalTwoSided } from "./distributions.ts";

export type Interval = [number, number];

const NO_INTERVAL: Interval = [NaN, NaN];

/** z for a two-sided interval of the given confidence, e.g. 1.959964 for 0.95. */
export const zFor = (confidence: number): number => normalQuantile(1 - (1 - confidence) / 2);

/**
 * Wilson score interval for one proportion (Wilson 1927): the p whose score test does not reject.
 * Unlike the Wald interval it stays inside [0, 1] and keeps its coverage near 0 and 1.
 */
export function wilsonInterval(x: number, n: number, confidence = 0.95): Interval {
  if (n <= 0) return NO_INTERVAL;
  const z = zFor(confidence);
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At x = 0 (x = n) the bound is exactly 0 (1); the formula would leave a rounding residue.
  return [x === 0 ? 0 : Math.max(0, centre - half), x === n ? 1 : Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval for p1 - p0 (Newcombe 1998, method 10): combines the two
 * Wilson intervals. Good coverage at small counts and near 0, where the Wald interval fails.
 */
export function newcombeInterval(x0: number, n0: number, x1: number, n1: number, confidence = 0.95): Interval {
  if (n0 <= 0 || n1 <= 0) return NO_INTERVAL;
  const p0 = x0 / n0;
  const p1 = x1 / n1;
  const [l0, u0] = wilsonInterval(x0, n0, confidence);
  const [l1, u1] = wilsonInterval(x1, n1, confidence);
  const d = p1 - p0;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)];
}

/**
 * Interval for the relative lift p1 / p0 - 1: the log risk ratio with its delta-method standard
 * error sqrt(1/x1 - 1/n1 + 1/x0 - 1/n0) (Katz et al. 1978), back-transformed, so it is asymmetric
 * as a ratio should be. Undefined when either arm has no conversions.
 */
export function relativeLiftInterval(x0: number, n0: number, x1: number, n1: number, confidence = 0.95): Interval {
  if (x0 <= 0 || x1 <= 0 || n0 <= 0 || n1 <= 0) return NO_INTERVAL;
  const logRatio = Math.log(x1 / n1) - Math.log(x0 / n0);
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x0 - 1 / n0);
  const z = zFor(confidence);
  return [Math.exp(logRatio - z * se) - 1, Math.exp(logRatio + z * se) - 1];
}

export interface TestResult {
  statistic: number;
  pValue: number;
}

/**
 * Two-proportion z-test of H0: p1 = p0 against p1 != p0, with the pooled standard error
 * sqrt(p(1-p)(1/n0 + 1/n1)), p = (x0 + x1)/(n0 + n1): under H0 both arms share one rate, so the
 * pooled estimate is the one the null distribution uses (as statsmodels' proportions_ztest and R's
 * prop.test). Two-sided p-value from the standard normal.
 */
export function twoProportionZTest(x0: number, n0: number, x1: number, n1: number): TestResult {
  if (n0 <= 0 || n1 <= 0) return { statistic: NaN, pValue: NaN };
  const pooled = (x0 + x1) / (n0 + n1);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1));
  if (!(se > 0)) return { statistic: NaN, pValue: NaN };
  const z = (x1 / n1 - x0 / n0) / se;
  return { statistic: z, pValue: normalTwoSided(z) };
}

export interface ChiSquareResult extends TestResult {
  df: number;
  /** Smallest expected cell count: below 5 the chi-square approximation is not trusted (Cochran 1954). */
  minExpected: number;
}

/**
 * Pearson's chi-square test of independence on the 2x2 table (arm x converted), without Yates'
 * continuity correction, so that it is the square of the pooled z statistic and gives the same
 * p-value; Yates' correction makes the test conservative and is not used.
 */
export function chiSquare2x2(x0: number, n0: number, x1: number, n1: number): ChiSquareResult {
  const observed = [x0, n0 - x0, x1, n1 - x1];
  const total = n0 + n1;
  const converted = x0 + x1;
  const rows = [n0, n0, n1, n1];
  const cols = [converted, total - converted, converted, total - converted];
  const expected = observed.map((_, i) => (rows[i] * cols[i]) / total);
  const minExpected = Math.min(...expected);
  if (!(minExpected > 0)) return { statistic: NaN, pValue: NaN, df: 1, minExpected };
  const statistic = observed.reduce((sum, o, i) => sum + (o - expected[i]) ** 2 / expected[i], 0);
  return { statistic, pValue: chiSquareSurvival(statistic, 1), df: 1, minExpected };
}

/**
 * Fisher's exact test on the 2x2 table, two-sided: conditional on the margins the variant's
 * conversions are hypergeometric; the p-value sums the probabilities of every table no more likely
 * than the observed one (the rule of R's fisher.test, with the same relative tolerance 1e-7 for
 * ties that differ only by rounding).
 */
export function fisherExact(x0: number, n0: number, x1: number, n1: number): number {
  if (n0 <= 0 || n1 <= 0) return NaN;
  const population = n0 + n1;
  const successes = x0 + x1;
  const low = Math.max(0, n1 + successes - population);
  const high = Math.min(successes, n1);
  const observed = hypergeometricPmf(x1, population, successes, n1);
  const threshold = observed * (1 + 1e-7);
  let p = 0;
  for (let k = low; k <= high; k++) {
    const probability = hypergeometricPmf(k, population, successes, n1);
    if (probability <= threshold) p += probability;
  }
  return Math.min(1, p);
}
