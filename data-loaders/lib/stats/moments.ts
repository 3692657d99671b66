// Mean and sample variance from exact sums. The warehouse adds per-user values as DECIMALs (exact,
// so the same in whatever order threads add them) and hands the sums over as text; the variance
// n * sum(x^2) - sum(x)^2 is formed in BigInt, so neither the order of addition nor cancellation
// between two large sums can change the result.

export interface Moments {
  n: number;
  mean: number;
  /** Sample variance, n - 1 denominator; NaN below two values. */
  variance: number;
}

export function momentsFromSums(n: number, sum: string, sumOfSquares: string): Moments {
  if (n <= 0) return { n, mean: NaN, variance: NaN };
  const s = parseDecimal(sum);
  const q = parseDecimal(sumOfSquares);
  const mean = Number(s.units) / 10 ** s.scale / n;
  if (n < 2) return { n, mean, variance: NaN };
  // n Q - S^2 at the common scale 2 s.scale + q.scale.
  const numerator = BigInt(n) * q.units * 10n ** BigInt(2 * s.scale) - s.units * s.units * 10n ** BigInt(q.scale);
  const variance = Number(numerator) / 10 ** (2 * s.scale + q.scale) / (n * (n - 1));
  return { n, mean, variance };
}

/** "-12.3400" -> { units: -123400n, scale: 4 } */
export function parseDecimal(text: string): { units: bigint; scale: number } {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal number: "${text}"`);
  const [, sign, whole, fraction = ""] = match;
  const units = BigInt(whole + fraction);
  return { units: sign ? -units : units, scale: fraction.length };
}

/**
 * Sample covariance of x and y from exact sums, (n sum(xy) - sum(x) sum(y)) / (n (n - 1)), formed
 * in BigInt like the variance above (the variance is the covariance of a value with itself).
 */
export function covarianceFromSums(n: number, sumX: string, sumY: string, sumXY: string): number {
  if (n < 2) return NaN;
  const x = parseDecimal(sumX);
  const y = parseDecimal(sumY);
  const xy = parseDecimal(sumXY);
  // n XY - X Y at the common scale x.scale + y.scale + xy.scale.
  const numerator = BigInt(n) * xy.units * 10n ** BigInt(x.scale + y.scale) - x.units * y.units * 10n ** BigInt(xy.scale);
  return Number(numerator) / 10 ** (x.scale + y.scale + xy.scale) / (n * (n - 1));
}
