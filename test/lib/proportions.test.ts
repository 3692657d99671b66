// Rate comparisons against published figures and independent implementations: Newcombe's own
// table (1998, method 10), the ab_data figures of shared/data/README.md, R's and Wikipedia's
// Fisher examples, and exact enumeration of the hypergeometric in BigInt.
import { describe, expect, test } from "vitest";
import { chiSquare2x2, fisherExact, newcombeInterval, relativeLiftInterval, twoProportionZTest, wilsonInterval, zFor } from "../../data-loaders/lib/stats/proportions.ts";

const close = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

describe("Wilson interval", () => {
  test("solves the score equation |p - x/n| = z sqrt(p(1-p)/n) at both ends", () => {
    for (const [x, n] of [[81, 263], [1, 20], [17489, 145274]]) {
      const z = zFor(0.95);
      for (const p of wilsonInterval(x, n)) close(Math.abs(p - x / n), z * Math.sqrt((p * (1 - p)) / n), 1e-12);
    }
  });
  test("Newcombe (1998) example 81/263 and the empty sample", () => {
    const [low, high] = wilsonInterval(81, 263);
    close(low, 0.2553, 5e-5);
    close(high, 0.3662, 5e-5);
    const [zeroLow, zeroHigh] = wilsonInterval(0, 10);
    expect(zeroLow).toBe(0);
    close(zeroHigh, 0.2775, 5e-5);
  });
});

describe("Newcombe hybrid score interval for a difference", () => {
  // Newcombe, Statistics in Medicine 17:873-890 (1998), Table II, method 10, to the 4 decimals printed.
  const table: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ];
  test.each(table)("%i/%i - %i/%i", (x1, n1, x0, n0, low, high) => {
    const [l, h] = newcombeInterval(x0, n0, x1, n1);
    close(l, low, 5e-5);
    close(h, high, 5e-5);
  });
  test("statsmodels 0.15 confint_proportions_2indep(method='newcomb') to 1e-12", () => {
    const [l, h] = newcombeInterval(48, 80, 56, 70);
    close(l, 0.05243147240236498, 1e-12);
    close(h, 0.33387265403690614, 1e-12);
  });
});

describe("ab_data published figures (shared/data/README.md)", () => {
  const [x0, n0, x1, n1] = [17489, 145274, 17264, 145310];
  test("rates, z = -1.311, two-sided p = 0.190", () => {
    expect((100 * x0 / n0).toFixed(4)).toBe("12.0386");
    expect((100 * x1 / n1).toFixed(4)).toBe("11.8808");
    const { statistic, pValue } = twoProportionZTest(x0, n0, x1, n1);
    expect(statistic.toFixed(3)).toBe("-1.311");
    expect(pValue.toFixed(3)).toBe("0.190");
    // statsmodels 0.15 proportions_ztest([17264, 17489], [145310, 145274])
    close(statistic, -1.3109241984234394, 1e-12);
    close(pValue, 0.18988337448195103, 1e-12);
  });
  test("Fisher's exact p agrees with SciPy 1.17.1 fisher_exact", () => {
    expect(Math.abs(fisherExact(x0, n0, x1, n1) / 0.19047706765708894 - 1)).toBeLessThan(1e-9);
  });
  test("relative lift interval agrees with statsmodels' log ratio interval", () => {
    const [l, h] = relativeLiftInterval(x0, n0, x1, n1);
    close(l, 0.9676094349587564 - 1, 1e-12);
    close(h, 1.0065551806830575 - 1, 1e-12);
  });
});

describe("z-test and chi-square", () => {
  test("hand-worked: 15/100 against 10/100", () => {
    // pooled p = 25/200 = 0.125; se = sqrt(0.125 * 0.875 * 0.02) = 0.0467707; z = 0.05 / se = 1.0690450.
    // Expected counts 12.5 / 87.5 in each row; chi-square = 2 (2.5^2/12.5 + 2.5^2/87.5) = 1.1428571.
    const z = twoProportionZTest(10, 100, 15, 100);
    close(z.statistic, 0.05 / Math.sqrt(0.125 * 0.875 * 0.02), 1e-12);
    close(z.statistic, 1.069044967649697, 1e-12);
    const chi = chiSquare2x2(10, 100, 15, 100);
    close(chi.statistic, 2 * (6.25 / 12.5 + 6.25 / 87.5), 1e-12);
    close(chi.statistic, 8 / 7, 1e-12);
    expect(chi.minExpected).toBe(12.5);
    close(chi.pValue, 0.28504940740260964, 1e-12); // scipy chi2_contingency(correction=False)
  });
  test.each([[10, 100, 15, 100], [17489, 145274, 17264, 145310], [3, 40, 9, 35], [120, 1000, 80, 1200]])(
    "z squared is the uncorrected chi-square, and their p-values agree (%i/%i vs %i/%i)",
    (x0, n0, x1, n1) => {
      const z = twoProportionZTest(x0, n0, x1, n1);
      const chi = chiSquare2x2(x0, n0, x1, n1);
      expect(Math.abs(z.statistic ** 2 - chi.statistic)).toBeLessThan(1e-10 * chi.statistic);
      close(z.pValue, chi.pValue, 1e-12);
    },
  );
  test("undefined when nobody or everybody converted", () => {
    expect(twoProportionZTest(0, 50, 0, 50).pValue).toBeNaN();
    expect(chiSquare2x2(50, 50, 50, 50).pValue).toBeNaN();
    expect(relativeLiftInterval(0, 50, 3, 50)).toEqual([NaN, NaN]);
  });
});

describe("Fisher's exact test, two-sided", () => {
  test("Fisher's tea-tasting table 3/1/1/3: p = 0.4857142857 (= 34/70)", () => {
    close(fisherExact(3, 4, 1, 4), 0.4857142857, 1e-10);
    close(fisherExact(3, 4, 1, 4), 34 / 70, 1e-14);
  });
  test("Wikipedia's dieting example 1/9 vs 11/3: p = 0.002759", () => {
    close(fisherExact(1, 10, 11, 14), 0.002759, 5e-7);
    close(fisherExact(1, 10, 11, 14), 0.0027594561852200836, 1e-14); // SciPy fisher_exact
  });
  test("against exact enumeration in BigInt", () => {
    const choose = (n: number, k: number): bigint => {
      let r = 1n;
      for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
      return r;
    };
    for (const [x0, n0, x1, n1] of [[2, 15, 9, 14], [0, 12, 4, 11], [7, 20, 7, 20], [1, 30, 6, 25]]) {
      const N = n0 + n1;
      const K = x0 + x1;
      const weight = (k: number) => choose(K, k) * choose(N - K, n1 - k);
      const observed = weight(x1);
      let extreme = 0n;
      for (let k = Math.max(0, n1 + K - N); k <= Math.min(K, n1); k++) if (weight(k) <= observed) extreme += weight(k);
      const exact = Number((extreme * 10n ** 15n) / choose(N, n1)) / 1e15;
      close(fisherExact(x0, n0, x1, n1), exact, 1e-12);
    }
  });
});
