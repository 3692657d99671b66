// Gamma-Gamma spend log-likelihood (Fader & Hardie 2013, "The Gamma-Gamma model of monetary
// value", eq. 3 in log form), over repeat buyers: x repeat purchases with mean spend m each.
// Gradient and Hessian with respect to (log p, log q, log gamma).
import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import trigamma from "@stdlib/math-base-special-trigamma";
import { toLogParameters } from "./log-parameters.ts";

export interface GammaGammaParameters {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendData {
  /** Repeat purchases (> 0). */
  x: Float64Array;
  /** Mean spend per repeat purchase (> 0). */
  m: Float64Array;
}

/**
 * The data with what does not depend on the parameters computed once. Per customer the
 * log-likelihood is lnΓ(px+q) - lnΓ(px) - lnΓ(q) + q ln γ + (px-1) ln m + px ln x - (px+q) ln(γ+mx):
 * the first two terms depend on x alone (summed per distinct x), the m and x logs sum to constants
 * times p, and only ln(γ + mx) needs a pass over the customers, which depends on γ alone.
 */
export interface PreparedSpend extends SpendData {
  /** m x per customer. */
  mx: Float64Array;
  distinctX: Float64Array;
  /** Customers with each distinct x. */
  countByX: Float64Array;
  /** Σ x (ln m + ln x) and Σ ln m over the customers. */
  sumXLogMX: number;
  sumLogM: number;
}

export function prepareSpend({ x, m }: SpendData): PreparedSpend {
  const n = x.length;
  const counts = new Map<number, number>();
  const mx = new Float64Array(n);
  let sumXLogMX = 0, sumLogM = 0;
  // Plain loops: Float64Array.from with a mapping function is several times slower at this size.
  for (let i = 0; i < n; i++) {
    const xi = x[i], mi = m[i];
    counts.set(xi, (counts.get(xi) ?? 0) + 1);
    sumXLogMX += xi * (Math.log(mi) + Math.log(xi));
    sumLogM += Math.log(mi);
    mx[i] = xi * mi;
  }
  const distinctX = Float64Array.from(counts.keys()).sort();
  return { x, m, mx, distinctX, countByX: Float64Array.from(distinctX, (v) => counts.get(v)!), sumXLogMX, sumLogM };
}

/** Repeat buyers' (x, mean spend) from customer summaries: the customers Gamma-Gamma is fitted on (x > 0 and a positive spend). */
export function repeatBuyerSpend(customers: ReadonlyArray<{ x: number; spend: number | null }>): SpendData {
  let n = 0;
  for (const c of customers) if (c.x > 0 && c.spend !== null && c.spend > 0) n++;
  const x = new Float64Array(n), m = new Float64Array(n);
  let k = 0;
  for (const c of customers) {
    if (c.x > 0 && c.spend !== null && c.spend > 0) {
      x[k] = c.x;
      m[k++] = c.spend;
    }
  }
  return { x, m };
}

/**
 * When `gradient` is given it receives d(LL)/d(log p, log q, log gamma); when `hessian` (3 x 3) is
 * given too, it receives the second derivatives in the same coordinates.
 */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParameters, data: PreparedSpend, gradient?: number[], hessian?: number[][]): number {
  const { x, mx, distinctX, countByX, sumXLogMX, sumLogM } = data;
  const n = x.length;
  const lnGamma = Math.log(gamma);
  // The one pass over the customers: Σ ln(γ+mx), Σ x ln(γ+mx), for the gradient Σ 1/(γ+mx),
  // Σ x/(γ+mx), and for the Hessian Σ 1/(γ+mx)², Σ x/(γ+mx)².
  let s0 = 0, s1 = 0, t0 = 0, t1 = 0, u0 = 0, u1 = 0;
  if (hessian) {
    for (let i = 0; i < n; i++) {
      const denominator = gamma + mx[i];
      const log = Math.log(denominator), inverse = 1 / denominator, inverse2 = inverse * inverse;
      s0 += log;
      s1 += x[i] * log;
      t0 += inverse;
      t1 += x[i] * inverse;
      u0 += inverse2;
      u1 += x[i] * inverse2;
    }
  } else if (gradient) {
    for (let i = 0; i < n; i++) {
      const denominator = gamma + mx[i];
      const log = Math.log(denominator), inverse = 1 / denominator;
      s0 += log;
      s1 += x[i] * log;
      t0 += inverse;
      t1 += x[i] * inverse;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const log = Math.log(gamma + mx[i]);
      s0 += log;
      s1 += x[i] * log;
    }
  }
  // Terms in x alone: lnΓ(px+q) - lnΓ(px), weighted by the customers with that x.
  let byX = 0, psiByX = 0, psiSumByX = 0, hpp = 0, hpq = 0, hqq = 0;
  for (let k = 0; k < distinctX.length; k++) {
    const v = distinctX[k], c = countByX[k];
    byX += c * (gammaln(p * v + q) - gammaln(p * v));
    if (gradient) {
      const psiSum = digamma(p * v + q);
      psiByX += c * v * (psiSum - digamma(p * v));
      psiSumByX += c * psiSum;
    }
    if (hessian) {
      const trigammaSum = trigamma(p * v + q);
      hpp += c * v * v * (trigammaSum - trigamma(p * v));
      hpq += c * v * trigammaSum;
      hqq += c * trigammaSum;
    }
  }
  if (gradient) {
    // In the natural parameters, then carried to the log-parameters.
    const natural = [psiByX + sumXLogMX - s1, psiSumByX - n * digamma(q) + n * lnGamma - s0, n * q / gamma - p * t1 - q * t0];
    const second = hessian
      ? [
        [hpp, hpq, -t1],
        [hpq, hqq - n * trigamma(q), n / gamma - t0],
        [-t1, n / gamma - t0, -n * q / (gamma * gamma) + p * u1 + q * u0],
      ]
      : undefined;
    toLogParameters([p, q, gamma], natural, second, gradient, hessian);
  }
  return byX + n * (q * lnGamma - gammaln(q)) + p * sumXLogMX - sumLogM - p * s1 - q * s0;
}
