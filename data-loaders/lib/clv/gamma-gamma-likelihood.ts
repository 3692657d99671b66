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

/** The data with what does not depend on the parameters computed once: ln m, ln x, distinct x. */
export interface PreparedSpend extends SpendData {
  lnM: Float64Array;
  lnX: Float64Array;
  /** Index of each customer's x in `distinctX`. */
  xIndex: Int32Array;
  distinctX: Float64Array;
}

export function prepareSpend({ x, m }: SpendData): PreparedSpend {
  const distinctX = Float64Array.from(new Set(x)).sort();
  const position = new Map<number, number>();
  distinctX.forEach((v, i) => position.set(v, i));
  return { x, m, lnM: m.map(Math.log), lnX: x.map(Math.log), xIndex: Int32Array.from(x, (v) => position.get(v)!), distinctX };
}

export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParameters, data: PreparedSpend, gradient?: number[]): number {
  const { x, m, lnM, lnX, xIndex, distinctX } = data;
  const lnGamma = Math.log(gamma);
  const constant = -gammaln(q) + q * lnGamma;
  const psiQ = digamma(q);
  // Terms in x alone: lnGamma(px + q) - lnGamma(px), and their digammas for the gradient.
  const byX = new Float64Array(distinctX.length), psiSum = new Float64Array(distinctX.length), psiPX = new Float64Array(distinctX.length);
  distinctX.forEach((v, k) => {
    byX[k] = gammaln(p * v + q) - gammaln(p * v);
    if (gradient) { psiSum[k] = digamma(p * v + q); psiPX[k] = digamma(p * v); }
  });
  let total = 0, gp = 0, gq = 0, gg = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], k = xIndex[i];
    const px = p * xi;
    const lnDenominator = Math.log(gamma + m[i] * xi);
    total += byX[k] + constant + (px - 1) * lnM[i] + px * lnX[i] - (px + q) * lnDenominator;
    if (gradient) {
      gp += xi * (psiSum[k] - psiPX[k] + lnM[i] + lnX[i] - lnDenominator);
      gq += psiSum[k] - psiQ + lnGamma - lnDenominator;
      gg += q / gamma - (px + q) / (gamma + m[i] * xi);
    }
  }
  if (gradient) {
    gradient[0] = gp * p;
    gradient[1] = gq * q;
    gradient[2] = gg * gamma;
  }
  return total;
}
