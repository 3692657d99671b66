// Welch's t-test on R's sleep data, whose output is printed in R's own documentation
// (t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p-value = 0.07939,
// 95% CI -3.3654832 0.2054832), worked by hand below and checked against SciPy to 1e-12.
import { describe, expect, test } from "vitest";
import { meanInterval, relativeMeanLiftInterval, welchTTest, type MeanSummary } from "../../data-loaders/lib/stats/means.ts";

const close = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

function summarise(values: number[]): MeanSummary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  return { n, mean, variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) };
}

const group1 = summarise([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]);
const group2 = summarise([1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]);

describe("Welch's t-test", () => {
  test("R's sleep data", () => {
    // By hand: means 0.75 and 2.33; variances 3.200556 and 4.009000; se^2 = 0.3200556 + 0.4009 = 0.7209556,
    // t = 1.58 / 0.8490911 = 1.860813; df = 0.7209556^2 / (0.3200556^2/9 + 0.4009^2/9) = 17.77647.
    const result = welchTTest(group1, group2);
    close(result.difference, 1.58, 1e-12);
    close(result.t, 1.8608134674868526, 1e-12);
    close(result.df, 17.776473516178488, 1e-9);
    close(result.pValue, 0.0793941401873583, 1e-10);
    expect(result.t.toFixed(4)).toBe("1.8608");
    expect(result.df.toFixed(3)).toBe("17.776");
    expect(result.pValue.toFixed(5)).toBe("0.07939");
    // R prints the interval for group1 - group2; ours is group2 - group1.
    close(result.interval[0], -0.2054832, 5e-8);
    close(result.interval[1], 3.3654832, 5e-8);
  });
  test("a constant arm against another constant arm has no test", () => {
    expect(welchTTest({ n: 5, mean: 1, variance: 0 }, { n: 5, mean: 1, variance: 0 }).pValue).toBeNaN();
  });
});

describe("intervals for one mean and for a ratio of means", () => {
  test("t interval of R's group 2: 2.33 +- t(0.975, 9) sd / sqrt(10)", () => {
    const [low, high] = meanInterval(group2);
    // t(0.975, 9) = 2.262157163 (table 2.262); sd = sqrt(4.009) = 2.002249.
    close(low, 2.33 - 2.2621571627982053 * Math.sqrt(4.009 / 10), 1e-10);
    close(high, 2.33 + 2.2621571627982053 * Math.sqrt(4.009 / 10), 1e-10);
  });
  test("delta method on the log ratio, hand-worked", () => {
    // control mean 10, var 25, n 100; variant mean 12, var 36, n 100.
    // var(log ratio) = 25/(100*100) + 36/(100*144) = 0.0025 + 0.0025 = 0.005; se = 0.0707107.
    // log(1.2) = 0.1823216; interval exp(0.1823216 -+ 0.1385904) - 1 = exp(0.0437312) - 1, exp(0.3209120) - 1 = [0.044701, 0.378384].
    const [low, high] = relativeMeanLiftInterval({ n: 100, mean: 10, variance: 25 }, { n: 100, mean: 12, variance: 36 });
    close(low, 1.2 * Math.exp(-1.959963984540054 * Math.sqrt(0.005)) - 1, 1e-12);
    close(high, 1.2 * Math.exp(1.959963984540054 * Math.sqrt(0.005)) - 1, 1e-12);
    close(low, 0.044701, 5e-7);
    close(high, 0.378384, 5e-7);
  });
});
