// BG/NBD log-likelihood (Fader, Hardie & Lee 2005, "Counting your customers the easy way", eq. 6)
// and its gradient and Hessian with respect to the log-parameters, over customers grouped by
// (x, t_x, T).
import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import trigamma from "@stdlib/math-base-special-trigamma";
import type { CustomerGroups } from "./groups.ts";
import { toLogParameters } from "./log-parameters.ts";

export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * Sum over customers of log L(r, alpha, a, b | x, t_x, T). When `gradient` is given it receives
 * d(sum)/d(log r, log alpha, log a, log b): the optimiser works on log-parameters, which keeps
 * every parameter positive without bounds. When `hessian` (4 x 4) is given too, it receives the
 * second derivatives in the same coordinates.
 *
 * Per customer the likelihood is e^(A) (e^(l1) + e^(l2)), with A = lnΓ(r+x) + lnΓ(b+x) - lnΓ(a+b+x)
 * + lnΓ(a+b) - lnΓ(b) - lnΓ(r) + r ln alpha, l1 = -(r+x) ln(alpha+T) and, for x > 0,
 * l2 = ln a - ln(b+x-1) - (r+x) ln(alpha+t_x). With w1, w2 the shares of e^(l1), e^(l2) in the sum,
 * the log of the sum has gradient w1 dl1 + w2 dl2 and Hessian w1 d2l1 + w2 d2l2 + w1 w2 (dl1 - dl2)(dl1 - dl2)'.
 */
export function bgnbdLogLikelihood({ r, alpha, a, b }: BgNbdParameters, groups: CustomerGroups, gradient?: number[], hessian?: number[][]): number {
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
  const triAB = hessian ? trigamma(a + b) : 0, triB = hessian ? trigamma(b) : 0, triR = hessian ? trigamma(r) : 0;
  let total = 0;
  let gr = 0, gAlpha = 0, ga = 0, gb = 0;
  // Natural-parameter Hessian, upper triangle.
  let hrr = 0, hrAlpha = 0, hra = 0, hrb = 0, hAlphaAlpha = 0, hAlphaA = 0, hAlphaB = 0, haa = 0, hab = 0, hbb = 0;
  // Terms that depend on x only are computed once per distinct x (groups are sorted by x).
  let lastX = -1, byX = 0, lnBX = 0, psiRX = 0, psiBX = 0, psiABX = 0, triRX = 0, triBX = 0, triABX = 0;
  const lnA = Math.log(a);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], w = weight[i];
    if (xi !== lastX) {
      lastX = xi;
      byX = gammaln(r + xi) + gammaln(b + xi) - gammaln(a + b + xi);
      lnBX = xi > 0 ? Math.log(b + xi - 1) : 0;
      if (gradient) { psiRX = digamma(r + xi); psiBX = digamma(b + xi); psiABX = digamma(a + b + xi); }
      if (hessian) { triRX = trigamma(r + xi); triBX = trigamma(b + xi); triABX = trigamma(a + b + xi); }
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
      if (hessian) {
        // The A part.
        hrr += w * (triRX - triR);
        hrAlpha += w / alpha;
        hAlphaAlpha -= w * r / (alpha * alpha);
        haa += w * (triAB - triABX);
        hab += w * (triAB - triABX);
        hbb += w * (triBX - triABX + triAB - triB);
        // The log of the sum.
        const inverseT = inverseAlphaTime[TIndex[i]];
        if (xi > 0) {
          const inverseTx = inverseAlphaTime[txIndex[i]], inverseB = 1 / (b + xi - 1);
          const v = w * w1 * w2;
          const dr = lnAlphaTx - lnAlphaT, dAlpha = (r + xi) * (inverseTx - inverseT), da = -1 / a, db = inverseB;
          hrr += v * dr * dr;
          hrAlpha += v * dr * dAlpha - w * (w1 * inverseT + w2 * inverseTx);
          hra += v * dr * da;
          hrb += v * dr * db;
          hAlphaAlpha += v * dAlpha * dAlpha + w * (r + xi) * (w1 * inverseT * inverseT + w2 * inverseTx * inverseTx);
          hAlphaA += v * dAlpha * da;
          hAlphaB += v * dAlpha * db;
          haa += v * da * da - (w * w2) / (a * a);
          hab += v * da * db;
          hbb += v * db * db + w * w2 * inverseB * inverseB;
        } else {
          hrAlpha -= w * inverseT;
          hAlphaAlpha += w * r * inverseT * inverseT;
        }
      }
    }
  }
  if (gradient) {
    const second = hessian
      ? [
        [hrr, hrAlpha, hra, hrb],
        [hrAlpha, hAlphaAlpha, hAlphaA, hAlphaB],
        [hra, hAlphaA, haa, hab],
        [hrb, hAlphaB, hab, hbb],
      ]
      : undefined;
    toLogParameters([r, alpha, a, b], [gr, gAlpha, ga, gb], second, gradient, hessian);
  }
  return total;
}
