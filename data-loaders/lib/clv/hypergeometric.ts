// Gauss hypergeometric function 2F1(a, b; c; z) by its power series, for 0 <= z < 1. @stdlib has
// no hyp2f1. The series converges for |z| < 1 whenever c is not a non-positive integer (there a
// term divides by zero), so c may be negative: BG/NBD's eq. 10 for a customer with no repeat
// purchase has c = a + b - 1, below 0 whenever a + b < 1 (Online Retail's calibration fit has
// a + b = 0.217). The caller learns whether the sum is accurate instead of receiving a silently
// truncated or cancelled one.

export interface SeriesResult {
  value: number;
  terms: number;
  /**
   * False when the truncation bound was not met within the terms allowed, or when terms of both
   * signs cancelled so far that rounding (about 2e-16 of the sum of |term|) is no longer small
   * beside max(1, |value|).
   */
  converged: boolean;
}

export const HYP2F1_MAX_TERMS = 100_000;
const RELATIVE_TOLERANCE = 1e-14;
/**
 * With terms of both signs the sum is only as precise as its largest terms allow: rounding leaves
 * an error of about 2e-16 of the sum of |term|. Allowed up to 1e4 times max(1, |value|), i.e. an
 * error of ~2e-12 relative, or absolute beside the series' leading 1 when the value is near a zero
 * of 2F1 (which eq. 10's 1 - (...) 2F1 needs in absolute terms; a negative c puts such zeros in (0, 1)).
 */
const MAX_CANCELLATION = 1e4;
/**
 * Closer than this (relative) to a non-positive integer -n, c + n carries more than ~2e-9 of
 * relative rounding (its own and that of the arithmetic that produced c) into every later term:
 * the function is near its pole and the series no longer gives a trustworthy value.
 */
export const POLE_DISTANCE = 1e-7;

/** True when c is a non-positive integer or too close to one for the series (see POLE_DISTANCE). */
export function nearPole(c: number): boolean {
  const n = Math.round(c);
  return n <= 0 && Math.abs(c - n) <= POLE_DISTANCE * Math.max(1, Math.abs(c));
}

export function hyp2f1(a: number, b: number, c: number, z: number, maxTerms = HYP2F1_MAX_TERMS): SeriesResult {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1: z = ${z} is outside [0, 1)`);
  if (!Number.isFinite(c) || nearPole(c)) {
    throw new RangeError(`hyp2f1: c = ${c} is a non-positive integer or within ${POLE_DISTANCE} (relative) of one, where 2F1 has a pole`);
  }
  // Past this k every factor a + k, b + k, c + k, k + 1 of the next terms is positive, so the terms
  // keep one sign and the tail bound below holds.
  const settled = Math.max(0, -a, -b, -c);
  let term = 1;
  let sum = 1;
  let absoluteSum = 1;
  for (let k = 0; k < maxTerms; k++) {
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    absoluteSum += Math.abs(term);
    if (k + 1 <= settled) continue;
    // Every later term ratio z (a+j+1)(b+j+1) / ((c+j+1)(j+2)), j > k, is at most `bound`: each
    // factor (a+j+1)/(c+j+1) and (b+j+1)/(j+2) moves monotonically towards 1 as j grows, so it
    // never exceeds the larger of 1 and its value now. The tail is then below term * bound / (1 - bound).
    const bound = z * Math.max(1, (a + k + 1) / (c + k + 1)) * Math.max(1, (b + k + 1) / (k + 2));
    if (bound < 1 && Math.abs(term) * bound / (1 - bound) <= RELATIVE_TOLERANCE * Math.abs(sum)) {
      return { value: sum, terms: k + 1, converged: absoluteSum <= MAX_CANCELLATION * Math.max(1, Math.abs(sum)) };
    }
  }
  return { value: sum, terms: maxTerms, converged: false };
}
