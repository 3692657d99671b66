// Gauss hypergeometric function 2F1(a, b; c; z) by its power series, for 0 <= z < 1. @stdlib has
// no hyp2f1; BG/NBD's conditional expectation only needs it on [0, 1) with positive a, b, c, where
// every term is positive and the series converges geometrically with ratio z. The caller learns
// whether the series converged instead of receiving a silently truncated sum.

export interface SeriesResult {
  value: number;
  terms: number;
  converged: boolean;
}

export const HYP2F1_MAX_TERMS = 100_000;
const RELATIVE_TOLERANCE = 1e-14;

export function hyp2f1(a: number, b: number, c: number, z: number, maxTerms = HYP2F1_MAX_TERMS): SeriesResult {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1: z = ${z} is outside [0, 1)`);
  if (!(c > 0)) throw new RangeError(`hyp2f1: c = ${c} must be positive`);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < maxTerms; k++) {
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    // Once the term ratio is below 1 the tail is bounded by term * ratio / (1 - ratio).
    const ratio = Math.abs(((a + k + 1) * (b + k + 1)) / ((c + k + 1) * (k + 2)) * z);
    if (ratio < 1 && Math.abs(term) * ratio / (1 - ratio) <= RELATIVE_TOLERANCE * Math.abs(sum)) {
      return { value: sum, terms: k + 1, converged: true };
    }
  }
  return { value: sum, terms: maxTerms, converged: false };
}
