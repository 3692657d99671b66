// The random source against the textbook moments of each distribution.
import { describe, expect, it } from "vitest";
import { AliasTable, Random } from "../../data-loaders/generator/random.ts";

function moments(draw: () => number, n = 200_000) {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sq / n - mean * mean, n };
}

/** Sample mean within 5 standard errors of the true mean, variance within 5 %. */
function expectMoments(draw: () => number, mean: number, variance: number) {
  const m = moments(draw);
  expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / m.n));
  expect(m.variance / variance).toBeGreaterThan(0.95);
  expect(m.variance / variance).toBeLessThan(1.05);
}

describe("Random", () => {
  it("repeats a stream for the same keys and differs for others", () => {
    const a = new Random(42, 1);
    const b = new Random(42, 1);
    const c = new Random(42, 2);
    const d = new Random(43, 1);
    const first = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(first);
    expect(Array.from({ length: 5 }, () => d.u32())).not.toEqual(first);
  });

  it("draws uniforms in [0, 1) with the right mean and variance", () => {
    const r = new Random(1);
    expectMoments(() => r.next(), 0.5, 1 / 12);
  });

  it("draws gamma, beta and normal variates with the right moments", () => {
    const r = new Random(2);
    expectMoments(() => r.gamma(3.2, 2), 6.4, 3.2 * 4);
    expectMoments(() => r.gamma(0.75, 1 / 5.5), 0.75 / 5.5, 0.75 / 5.5 ** 2);
    const [a, b] = [1.1, 3.2];
    expectMoments(() => r.beta(a, b), a / (a + b), (a * b) / ((a + b) ** 2 * (a + b + 1)));
    expectMoments(() => r.normal(), 0, 1);
    expectMoments(() => r.exponential(), 1, 1);
  });

  it("draws Poisson and geometric counts with the right moments", () => {
    const r = new Random(3);
    expectMoments(() => r.poisson(3), 3, 3);
    expectMoments(() => r.poisson(57.5), 57.5, 57.5);
    expectMoments(() => r.poisson(2500), 2500, 2500);
    expectMoments(() => r.geometric(1.2), 1.2, 1.2 * 2.2);
  });

  it("draws from an alias table in proportion to the weights", () => {
    const r = new Random(4);
    const weights = [5, 1, 0.5, 3, 0.5];
    const table = new AliasTable(weights);
    const counts = new Array(weights.length).fill(0);
    const n = 200_000;
    for (let i = 0; i < n; i++) counts[table.sample(r)]++;
    const total = weights.reduce((s, w) => s + w, 0);
    weights.forEach((w, i) => {
      const p = w / total;
      expect(Math.abs(counts[i] / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    });
  });
});
