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
  const { x, tx, T, weight } = groups;
  const lnAlpha = Math.log(alpha);
  const constant = gammaln(a + b) - gammaln(b) - gammaln(r);
  const psiAB = digamma(a + b), psiB = digamma(b), psiR = digamma(r);
  let total = 0;
  let gr = 0, gAlpha = 0, ga = 0, gb = 0;
  // Terms that depend on x only are computed once per distinct x (groups are sorted by x).
  let lastX = -1, byX = 0, psiRX = 0, psiBX = 0, psiABX = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], w = weight[i];
    if (xi !== lastX) {
      lastX = xi;
      byX = gammaln(r + xi) + gammaln(b + xi) - gammaln(a + b + xi);
      if (gradient) { psiRX = digamma(r + xi); psiBX = digamma(b + xi); psiABX = digamma(a + b + xi); }
    }
    const lnAlphaT = Math.log(alpha + T[i]);
    const l1 = -(r + xi) * lnAlphaT;
    let logSum = l1, w2 = 0, lnAlphaTx = 0;
    if (xi > 0) {
      lnAlphaTx = Math.log(alpha + tx[i]);
      const l2 = Math.log(a) - Math.log(b + xi - 1) - (r + xi) * lnAlphaTx;
      const top = Math.max(l1, l2);
      const e1 = Math.exp(l1 - top), e2 = Math.exp(l2 - top);
      logSum = top + Math.log(e1 + e2);
      w2 = e2 / (e1 + e2);
    }
    total += w * (byX + constant + r * lnAlpha + logSum);
    if (gradient) {
      const w1 = 1 - w2;
      gr += w * (psiRX - psiR + lnAlpha - w1 * lnAlphaT - (xi > 0 ? w2 * lnAlphaTx : 0));
      gAlpha += w * (r / alpha - w1 * (r + xi) / (alpha + T[i]) - (xi > 0 ? w2 * (r + xi) / (alpha + tx[i]) : 0));
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
