// BG/NBD log-likelihood (Fader, Hardie & Lee 2005, "Counting your customers the easy way", eq. 6)
// and its gradient with respect to the log-parameters, over customers grouped by (x, t_x, T).
import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import type { CustomerGroups } from "./groups.ts";

export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * Sum over customers of log L(r, alpha, a, b | x, t_x, T). When `gradient` is given it receives
 * d(sum)/d(log r, log alpha, log a, log b): the optimiser works on log-parameters, which keeps
 * every parameter positive without bounds.
 */
export function bgnbdLogLikelihood({ r, alpha, a, b }: BgNbdParameters, groups: CustomerGroups, gradient?: number[]): number {
  const { x, weight, times, txIndex, TIndex } = groups;
  const lnAlpha = Math.log(alpha);
  const lnAlphaTime = new Float64Array(times.length);
  const inverseAlphaTime = new Float64Array(times.length);
  for (let k = 0; k < times.length; k++) {
    lnAlphaTime[k] = Math.log(alpha + times[k]);
    inverseAlphaTime[k] = 1 / (alpha + times[k]);
  }
  const constant = gammaln(a + b) - gammaln(b) - gammaln(r);
  const psiAB = digamma(a + b), psiB = digamma(b), psiR = digamma(r);
  let total = 0;
  let gr = 0, gAlpha = 0, ga = 0, gb = 0;
  // Terms that depend on x only are computed once per distinct x (groups are sorted by x).
  let lastX = -1, byX = 0, lnBX = 0, psiRX = 0, psiBX = 0, psiABX = 0;
  const lnA = Math.log(a);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], w = weight[i];
    if (xi !== lastX) {
      lastX = xi;
      byX = gammaln(r + xi) + gammaln(b + xi) - gammaln(a + b + xi);
      lnBX = xi > 0 ? Math.log(b + xi - 1) : 0;
      if (gradient) { psiRX = digamma(r + xi); psiBX = digamma(b + xi); psiABX = digamma(a + b + xi); }
    }
    const lnAlphaT = lnAlphaTime[TIndex[i]];
    const l1 = -(r + xi) * lnAlphaT;
    let logSum = l1, w2 = 0, lnAlphaTx = 0;
    if (xi > 0) {
      lnAlphaTx = lnAlphaTime[txIndex[i]];
      // log(e^l1 + e^l2) = l1 + log(1 + e^(l2 - l1)), evaluated on the side that cannot overflow.
      const d = lnA - lnBX - (r + xi) * (lnAlphaTx - lnAlphaT);
      if (d > 0) {
        const e = Math.exp(-d);
        logSum = l1 + d + Math.log1p(e);
        w2 = 1 / (1 + e);
      } else {
        const e = Math.exp(d);
        logSum = l1 + Math.log1p(e);
        w2 = e / (1 + e);
      }
    }
    total += w * (byX + constant + r * lnAlpha + logSum);
    if (gradient) {
      const w1 = 1 - w2;
      gr += w * (psiRX - psiR + lnAlpha - w1 * lnAlphaT - (xi > 0 ? w2 * lnAlphaTx : 0));
      gAlpha += w * (r / alpha - w1 * (r + xi) * inverseAlphaTime[TIndex[i]] - (xi > 0 ? w2 * (r + xi) * inverseAlphaTime[txIndex[i]] : 0));
      ga += w * (psiAB - psiABX + (xi > 0 ? w2 / a : 0));
      gb += w * (psiAB + psiBX - psiB - psiABX - (xi > 0 ? w2 / (b + xi - 1) : 0));
    }
  }
  if (gradient) {
    gradient[0] = gr * r;
    gradient[1] = gAlpha * alpha;
    gradient[2] = ga * a;
    gradient[3] = gb * b;
  }
  return total;
}
