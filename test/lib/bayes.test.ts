// The beta-binomial view against exact values: with whole-number Beta parameters, P(B > A) has the
// closed form of Evan Miller ("Formulas for Bayesian A/B testing", 2015), a finite sum of beta
// functions, computed here in exact rational arithmetic (BigInt); the expected loss follows from it.
import { describe, expect, test } from "vitest";
import { chanceToBeat, credibleInterval, expectedLoss, posterior, type BetaPosterior } from "../../data-loaders/lib/stats/bayes.ts";

type Fraction = [bigint, bigint];
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const reduce = ([n, d]: Fraction): Fraction => {
  const g = gcd(n, d);
  return [n / g, d / g];
};
const add = (a: Fraction, b: Fraction): Fraction => reduce([a[0] * b[1] + b[0] * a[1], a[1] * b[1]]);
const mul = (a: Fraction, b: Fraction): Fraction => reduce([a[0] * b[0], a[1] * b[1]]);
const div = (a: Fraction, b: Fraction): Fraction => reduce([a[0] * b[1], a[1] * b[0]]);
const toNumber = ([n, d]: Fraction): number => Number((n * 10n ** 20n) / d) / 1e20;
const factorial = (n: number): bigint => (n <= 1 ? 1n : BigInt(n) * factorial(n - 1));
/** B(a, b) = (a-1)! (b-1)! / (a+b-1)! for whole a, b. */
const betaFn = (a: number, b: number): Fraction => reduce([factorial(a - 1) * factorial(b - 1), factorial(a + b - 1)]);

/** P(X_B > X_A), exactly. */
function exactChance(A: BetaPosterior, B: BetaPosterior): Fraction {
  let total: Fraction = [0n, 1n];
  for (let i = 0; i < B.a; i++) {
    const term = div(betaFn(A.a + i, A.b + B.b), mul(mul([BigInt(B.b + i), 1n], betaFn(1 + i, B.b)), betaFn(A.a, A.b)));
    total = add(total, term);
  }
  return total;
}

/** E[max(X_A - X_B, 0)] = mean_A P(X_A' > X_B) - mean_B P(X_A > X_B'), A' = Beta(a_A + 1, b_A), B' = Beta(a_B + 1, b_B). */
function exactLoss(A: BetaPosterior, B: BetaPosterior): number {
  const first = mul([BigInt(A.a), BigInt(A.a + A.b)], exactChance(B, { a: A.a + 1, b: A.b }));
  const second = mul([BigInt(B.a), BigInt(B.a + B.b)], exactChance({ a: B.a + 1, b: B.b }, A));
  return toNumber(add(first, [-second[0], second[1]]));
}

const close = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

describe("chance to beat control", () => {
  test("by hand: Beta(2, 1) against uniform is 2/3; identical posteriors are 1/2", () => {
    close(chanceToBeat({ a: 1, b: 1 }, { a: 2, b: 1 }), 2 / 3, 1e-10);
    close(chanceToBeat(posterior(30, 200), posterior(30, 200)), 0.5, 1e-10);
  });
  test.each([[10, 100, 15, 100], [3, 40, 9, 35], [0, 12, 2, 11], [45, 300, 38, 310]])("exact sum: %i/%i control vs %i/%i", (x0, n0, x1, n1) => {
    const control = posterior(x0, n0);
    const variant = posterior(x1, n1);
    close(chanceToBeat(control, variant), toNumber(exactChance(control, variant)), 1e-10);
  });
  test("a clear winner on big arms stays a probability (a 5M-line store's arms gave 1.0000000000009)", () => {
    const control = posterior(6124, 97000);
    const variant = posterior(8087, 97048);
    const p = chanceToBeat(control, variant);
    expect(p).toBeLessThanOrEqual(1);
    expect(p).toBeGreaterThanOrEqual(0);
    close(p + chanceToBeat(variant, control), 1, 1e-12);
  });
});

describe("expected loss", () => {
  test("by hand: two uniforms, E[max(X - Y, 0)] = E|X - Y| / 2 = 1/6", () => {
    close(expectedLoss({ a: 1, b: 1 }, { a: 1, b: 1 }), 1 / 6, 1e-10);
  });
  test.each([[10, 100, 15, 100], [3, 40, 9, 35], [45, 300, 38, 310]])("exact: %i/%i control vs %i/%i, both directions", (x0, n0, x1, n1) => {
    const control = posterior(x0, n0);
    const variant = posterior(x1, n1);
    close(expectedLoss(variant, control), exactLoss(control, variant), 1e-10);
    close(expectedLoss(control, variant), exactLoss(variant, control), 1e-10);
  });
  test("the two losses differ by the difference of the posterior means", () => {
    // E[(A - B)+] - E[(B - A)+] = E[A - B]
    const control = posterior(17489, 145274);
    const variant = posterior(17264, 145310);
    const meanDifference = control.a / (control.a + control.b) - variant.a / (variant.a + variant.b);
    close(expectedLoss(variant, control) - expectedLoss(control, variant), meanDifference, 1e-10);
  });
});

describe("credible interval", () => {
  test("uniform prior with no data: the central 95% of [0, 1]", () => {
    const [low, high] = credibleInterval(posterior(0, 0));
    close(low, 0.025, 1e-12);
    close(high, 0.975, 1e-12);
  });
});
