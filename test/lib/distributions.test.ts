// The distribution functions against values computed independently: closed forms where the
// distribution has one, published table values, and 40-digit mpmath 1.3.0 computations
// (quantiles by root-finding on mpmath's own incomplete beta/gamma functions).
import { describe, expect, test } from "vitest";
import {
  betaCdf, betaQuantile, chiSquareCdf, chiSquareQuantile, chiSquareSurvival, hypergeometricPmf, normalCdf,
  normalQuantile, normalTwoSided, tCdf, tQuantile, tTwoSided,
} from "../../data-loaders/lib/stats/distributions.ts";

/** |actual - expected| <= tolerance * max(1, |expected|) */
function close(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

/** Relative tolerance, for values far below 1. */
function relClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(tolerance);
}

describe("normal", () => {
  test("quantiles (mpmath, 20 digits)", () => {
    close(normalQuantile(0.975), 1.9599639845400542355, 1e-12);
    close(normalQuantile(0.8), 0.84162123357291420518, 1e-12);
    close(normalQuantile(1e-10), -6.3613409024040562047, 1e-10);
  });
  test("CDF and two-sided tail", () => {
    close(normalCdf(1.96), 0.9750021048517795, 1e-12);
    close(normalCdf(0), 0.5, 1e-15);
    // Far tail: 2 * P(Z > 8) = 1.244192114854348e-15, which 1 - cdf could not give.
    relClose(normalTwoSided(8), 2 * 6.22096057427174e-16, 1e-9);
    close(normalTwoSided(-1.959963984540054), 0.05, 1e-12);
  });
});

describe("Student t", () => {
  // df = 1 is the Cauchy: F(t) = 1/2 + atan(t)/pi, Q(p) = tan(pi (p - 1/2)).
  // df = 2: Q(p) = (2p - 1) / sqrt(2 p (1 - p)).
  test("closed forms at df = 1 and df = 2", () => {
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      close(tQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-9);
      close(tQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-10);
    }
    for (const t of [-3, -0.5, 0.25, 4]) close(tCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-12);
  });
  test("published table values and mpmath", () => {
    close(tQuantile(0.975, 10), 2.2281388519862747484, 1e-10); // table: 2.228
    close(tQuantile(0.995, 5), 4.0321429835552280784, 1e-10); // table: 4.032
    close(tQuantile(0.975, 17.776), 2.1028213103802216861, 1e-9); // fractional df, as Welch's
    close(tCdf(-1.8608, 17.776), 0.039698289069889905401, 1e-10);
    close(tTwoSided(1.8608, 17.776), 2 * 0.039698289069889905401, 1e-10);
  });
});

describe("chi-square", () => {
  // df = 2 is the exponential with mean 2: F(x) = 1 - exp(-x/2), Q(p) = -2 ln(1 - p).
  test("closed form at df = 2", () => {
    for (const x of [0.1, 1, 5.991464547107979, 20]) close(chiSquareCdf(x, 2), 1 - Math.exp(-x / 2), 1e-12);
    for (const p of [0.5, 0.95, 0.999]) close(chiSquareQuantile(p, 2), -2 * Math.log(1 - p), 1e-9);
    relClose(chiSquareSurvival(60, 2), Math.exp(-30), 1e-12);
  });
  test("table values (mpmath)", () => {
    close(chiSquareQuantile(0.95, 1), 3.8414588206941259584, 1e-10); // table: 3.841
    close(chiSquareQuantile(0.95, 3), 7.8147279032511799553, 1e-10); // table: 7.815
    close(chiSquareQuantile(0.999, 10), 29.588298445074418794, 1e-10); // table: 29.588
  });
  test("upper tail keeps its precision far out", () => {
    relClose(chiSquareSurvival(50, 1), 1.5374597944280348502e-12, 1e-9);
    relClose(chiSquareSurvival(200, 4), 3.7572767357810443226e-42, 1e-9);
    close(chiSquareSurvival(3.8414588206941259584, 1), 0.05, 1e-12);
  });
});

describe("beta", () => {
  // Beta(a, 1): F = x^a; Beta(1, b): F = 1 - (1 - x)^b; Beta(2, 2): F = 3x^2 - 2x^3.
  test("closed forms", () => {
    for (const x of [0.05, 0.3, 0.77]) {
      close(betaCdf(x, 4, 1), x ** 4, 1e-14);
      close(betaCdf(x, 1, 6), 1 - (1 - x) ** 6, 1e-14);
      close(betaCdf(x, 2, 2), 3 * x ** 2 - 2 * x ** 3, 1e-14);
    }
    for (const p of [0.025, 0.5, 0.975]) {
      close(betaQuantile(p, 4, 1), p ** (1 / 4), 1e-12);
      close(betaQuantile(p, 1, 6), 1 - (1 - p) ** (1 / 6), 1e-12);
    }
  });
  test("mpmath values, small and ab_data-sized parameters", () => {
    close(betaQuantile(0.025, 3, 7), 0.074854631419691811681, 1e-12);
    // Posterior of ab_data's control arm; reference by 40-digit quadrature of the density.
    close(betaCdf(0.12, 17490, 127786), 0.32384505425558424646, 1e-9);
  });
});

describe("hypergeometric", () => {
  // Exact: C(K, k) C(N - K, n - k) / C(N, n), in BigInt.
  const choose = (n: number, k: number): bigint => {
    let r = 1n;
    for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
    return r;
  };
  const exact = (k: number, N: number, K: number, n: number) =>
    Number((choose(K, k) * choose(N - K, n - k) * 10n ** 18n) / choose(N, n)) / 1e18;
  test("against exact enumeration", () => {
    for (const [N, K, n] of [[8, 4, 4], [24, 12, 10], [60, 7, 20]]) {
      let total = 0;
      for (let k = Math.max(0, n + K - N); k <= Math.min(K, n); k++) {
        const p = hypergeometricPmf(k, N, K, n);
        close(p, exact(k, N, K, n), 1e-12);
        total += p;
      }
      close(total, 1, 1e-12);
    }
  });
});
