// Power and minimum detectable effect against R's power.prop.test, whose documented examples give
// power = 0.740 (n = 50, p 0.50 vs 0.75), n = 76.7 for power 0.90, and p2 = 0.8026 for n = 50 at
// power 0.90; the 7-digit power is the same formula evaluated with SciPy.
import { describe, expect, test } from "vitest";
import { minimumDetectableLift, minimumDetectableMeanDifference, twoProportionPower } from "../../data-loaders/lib/stats/power.ts";

const close = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

describe("two-proportion power", () => {
  test("R power.prop.test(n = 50, p1 = .50, p2 = .75)", () => {
    expect(twoProportionPower(0.5, 0.75, 50, 50).toFixed(3)).toBe("0.740");
    close(twoProportionPower(0.5, 0.75, 50, 50), 0.7401659013313879, 1e-12);
  });
  test("R power.prop.test(p1 = .50, p2 = .75, power = .90): n = 76.7", () => {
    expect(twoProportionPower(0.5, 0.75, 76.65, 76.65)).toBeLessThan(0.9);
    expect(twoProportionPower(0.5, 0.75, 76.75, 76.75)).toBeGreaterThan(0.9);
  });
  test("R power.prop.test(n = 50, p1 = .5, power = .90): p2 = 0.8026", () => {
    const mde = minimumDetectableLift(0.5, 50, 50, 0.05, 0.9);
    expect((0.5 + mde).toFixed(4)).toBe("0.8026");
    close(twoProportionPower(0.5, 0.5 + mde, 50, 50), 0.9, 1e-9);
  });
  test("no power without variance or users", () => {
    expect(minimumDetectableLift(0, 100, 100)).toBeNaN();
    expect(minimumDetectableLift(0.1, 0, 100)).toBeNaN();
    // Five users a side cannot detect even a move from 0.6 to 1 with 80% power.
    expect(minimumDetectableLift(0.6, 5, 5)).toBeNaN();
  });
});

describe("mean difference", () => {
  test("hand-worked: unit variances, 100 a side: (1.959964 + 0.841621) * sqrt(0.02) = 0.396204", () => {
    close(minimumDetectableMeanDifference(1, 100, 1, 100), (1.959963984540054 + 0.8416212335729143) * Math.sqrt(0.02), 1e-12);
    close(minimumDetectableMeanDifference(1, 100, 1, 100), 0.396204, 5e-7);
  });
});
