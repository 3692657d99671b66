// Gamma-Gamma spend log-likelihood (Fader & Hardie 2013, "The Gamma-Gamma model of monetary
// value", eq. 3 in log form), over repeat buyers: x repeat purchases with mean spend m each.
// Gradient with respect to (log p, log q, log gamma).
import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";

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
  const counts = new Map<number, number>();
  let sumXLogMX = 0, sumLogM = 0;
  for (let i = 0; i < x.length; i++) {
    counts.set(x[i], (counts.get(x[i]) ?? 0) + 1);
    sumXLogMX += x[i] * (Math.log(m[i]) + Math.log(x[i]));
    sumLogM += Math.log(m[i]);
  }
  const distinctX = Float64Array.from(counts.keys()).sort();
  return { x, m, mx: Float64Array.from(x, (v, i) => v * m[i]), distinctX, countByX: Float64Array.from(distinctX, (v) => counts.get(v)!), sumXLogMX, sumLogM };
}

export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParameters, data: PreparedSpend, gradient?: number[]): number {
  const { x, mx, distinctX, countByX, sumXLogMX, sumLogM } = data;
  const n = x.length;
  const lnGamma = Math.log(gamma);
  // The one pass over the customers: Σ ln(γ+mx), Σ x ln(γ+mx), and for the gradient Σ 1/(γ+mx), Σ x/(γ+mx).
  let s0 = 0, s1 = 0, t0 = 0, t1 = 0;
  for (let i = 0; i < n; i++) {
    const denominator = gamma + mx[i];
    const log = Math.log(denominator);
    s0 += log;
    s1 += x[i] * log;
    if (gradient) {
      const inverse = 1 / denominator;
      t0 += inverse;
      t1 += x[i] * inverse;
    }
  }
  // Terms in x alone: lnΓ(px+q) - lnΓ(px), weighted by the customers with that x.
  let byX = 0, psiByX = 0, psiSumByX = 0;
  for (let k = 0; k < distinctX.length; k++) {
    const v = distinctX[k], c = countByX[k];
    byX += c * (gammaln(p * v + q) - gammaln(p * v));
    if (gradient) {
      const psiSum = digamma(p * v + q);
      psiByX += c * v * (psiSum - digamma(p * v));
      psiSumByX += c * psiSum;
    }
  }
  if (gradient) {
    gradient[0] = (psiByX + sumXLogMX - s1) * p;
    gradient[1] = (psiSumByX - n * digamma(q) + n * lnGamma - s0) * q;
    gradient[2] = (n * q / gamma - p * t1 - q * t0) * gamma;
  }
  return byX + n * (q * lnGamma - gammaln(q)) + p * sumXLogMX - sumLogM - p * s1 - q * s0;
}
