// The always-valid mSPRT (data-loaders/lib/stats/sequential.ts) under repeated peeking: 1,000
// seeded A/A tests, each looked at every day for 30 days, stop at the first look whose sequential
// p-value is below alpha. The share of tests wrongly stopped must stay at most alpha, while the
// fixed-horizon z-test read the same way (the mistake the page warns about) must exceed it: the
// simulation is strong enough to tell a peeking-safe test from an unsafe one.
import { describe, expect, test } from "vitest";
import { mixingVariance, mixtureSprt, rateDifferenceVariance } from "../../data-loaders/lib/stats/sequential.ts";
import { mulberry32 } from "../helpers/seeded-random.ts";


const alpha = 0.05;
const Z975 = 1.959963984540054;

describe("mSPRT under daily peeking", () => {
  test("1,000 A/A tests, 30 daily looks: sequential false positives <= alpha; naive z-test peeking > alpha", () => {
    const random = mulberry32(2017);
    const tests = 1000, days = 30, perDay = 200, rate = 0.1;
    let sequentialStops = 0, naiveStops = 0, coverageMisses = 0;
    for (let i = 0; i < tests; i++) {
      const counts: { x0: number; x1: number; n: number }[] = [];
      let x0 = 0, x1 = 0;
      for (let day = 1; day <= days; day++) {
        for (let u = 0; u < perDay; u++) {
          if (random() < rate) x0++;
          if (random() < rate) x1++;
        }
        counts.push({ x0, x1, n: day * perDay });
      }
      // Tuned to the final sample, as the build does.
      const last = counts[days - 1];
      const tau2 = mixingVariance(rateDifferenceVariance(last.x0, last.n, last.x1, last.n), alpha);
      let seqStopped = false, naiveStopped = false, missed = false;
      for (const { x0, x1, n } of counts) {
        const v = rateDifferenceVariance(x0, n, x1, n);
        const d = x1 / n - x0 / n;
        const result = mixtureSprt(d, v, tau2, alpha);
        if (result.pValue < alpha) seqStopped = true;
        if (result.low > 0 || result.high < 0) missed = true; // the true difference is 0
        const pooled = (x0 + x1) / (2 * n);
        if (Math.abs(d) / Math.sqrt(pooled * (1 - pooled) * (2 / n)) > Z975) naiveStopped = true;
      }
      sequentialStops += Number(seqStopped);
      naiveStops += Number(naiveStopped);
      coverageMisses += Number(missed);
    }
    console.error(`false positives under daily peeking: mSPRT ${sequentialStops / tests}, fixed-horizon z ${naiveStops / tests}`);
    expect(sequentialStops / tests).toBeLessThanOrEqual(alpha);
    // The interval is the p-value inverted: it leaves zero exactly when p < alpha.
    expect(coverageMisses).toBe(sequentialStops);
    // Peeking at a fixed-horizon test 30 times: well above alpha (about 0.15-0.20 in theory).
    expect(naiveStops / tests).toBeGreaterThan(0.1);
  });

  test("a real difference is still found, and the always-valid interval is wider than the fixed one", () => {
    // 20,000 users per arm, 10% against 11%: z is about 3.3.
    const [x0, x1, n] = [2000, 2200, 20000];
    const v = rateDifferenceVariance(x0, n, x1, n);
    const result = mixtureSprt(0.01, v, mixingVariance(v, alpha), alpha);
    expect(result.pValue).toBeLessThan(alpha);
    const fixedHalf = Z975 * Math.sqrt(v);
    expect(result.high - result.low).toBeGreaterThan(2 * fixedHalf);
    expect(result.low).toBeGreaterThan(0);
  });

  test("hand-worked look: d = 0.02, V = 1e-4, tau^2 = 1e-4 gives Lambda = e / sqrt 2", () => {
    // Lambda = sqrt(V / (V + tau2)) * exp(tau2 d^2 / (2 V (V + tau2))) = sqrt(1/2) * exp(1e-4 * 4e-4 / (2 * 1e-4 * 2e-4)) = e / sqrt(2).
    const result = mixtureSprt(0.02, 1e-4, 1e-4, alpha);
    expect(result.pValue).toBeCloseTo(Math.SQRT2 / Math.E, 12);
    // Half-width sqrt(V (V + tau2) / tau2 * (ln 2 - 2 ln 0.05)) = sqrt(2e-4 * (ln 2 + 2 ln 20)).
    const half = Math.sqrt(2e-4 * (Math.log(2) + 2 * Math.log(20)));
    expect(result.low).toBeCloseTo(0.02 - half, 12);
    expect(result.high).toBeCloseTo(0.02 + half, 12);
  });
});
