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

export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParameters, data: SpendData, gradient?: number[]): number {
  const { x, m } = data;
  const lnGamma = Math.log(gamma);
  const constant = -gammaln(q) + q * lnGamma;
  const psiQ = digamma(q);
  let total = 0, gp = 0, gq = 0, gg = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], mi = m[i];
    const px = p * xi;
    const lnM = Math.log(mi), lnX = Math.log(xi), lnDenominator = Math.log(gamma + mi * xi);
    total += gammaln(px + q) - gammaln(px) + constant + (px - 1) * lnM + px * lnX - (px + q) * lnDenominator;
    if (gradient) {
      const psiPXQ = digamma(px + q);
      gp += xi * (psiPXQ - digamma(px) + lnM + lnX - lnDenominator);
      gq += psiPXQ - psiQ + lnGamma - lnDenominator;
      gg += q / gamma - (px + q) / (gamma + mi * xi);
    }
  }
  if (gradient) {
    gradient[0] = gp * p;
    gradient[1] = gq * q;
    gradient[2] = gg * gamma;
  }
  return total;
}
