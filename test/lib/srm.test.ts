// Sample-ratio mismatch: Pearson's goodness of fit by hand, with the p-value in closed form
// where the chi-square has 2 degrees of freedom (P(X > x) = exp(-x/2)).
import { expect, test } from "vitest";
import { sampleRatioMismatch, srmStatus } from "../../data-loaders/lib/stats/srm.ts";

const close = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

test("three equal arms: 310, 330, 360 users", () => {
  // Expected 1000/3 each; chi-square = (23.33^2 + 3.33^2 + 26.67^2) / 333.33 = 3.8; p = exp(-1.9).
  const result = sampleRatioMismatch([310, 330, 360], [1, 1, 1]);
  close(result.chiSquare, 3.8, 1e-12);
  expect(result.df).toBe(2);
  close(result.pValue, Math.exp(-1.9), 1e-14);
  expect(result.status).toBe("ok");
});

test("a planned 20/80 split is tested against 20/80, not 50/50", () => {
  // 2100 of 10000 in the 20% arm: chi-square = 100^2/2000 + 100^2/8000 = 6.25, df 1; p = 2 P(Z > 2.5) = 0.01241933.
  const result = sampleRatioMismatch([2100, 7900], [0.2, 0.8]);
  close(result.chiSquare, 6.25, 1e-12);
  close(result.pValue, 0.012419330651552318, 1e-12);
  expect(result.status).toBe("ok");
  expect(sampleRatioMismatch([2100, 7900], [0.5, 0.5]).status).toBe("invalid");
});

test("thresholds: warning below 0.01, invalid below 0.001", () => {
  expect(srmStatus(0.0100001)).toBe("ok");
  expect(srmStatus(0.0099)).toBe("warning");
  expect(srmStatus(0.00099)).toBe("invalid");
  // ab_data after cleaning: 145,274 vs 145,310 is no mismatch.
  expect(sampleRatioMismatch([145274, 145310], [1, 1]).status).toBe("ok");
});

test("nothing to test with one arm or no users; users in an arm planned to get none are a mismatch", () => {
  expect(sampleRatioMismatch([100], [1]).status).toBeNull();
  expect(sampleRatioMismatch([0, 0], [1, 1]).status).toBeNull();
  expect(sampleRatioMismatch([100, 3], [1, 0]).status).toBe("invalid");
});
