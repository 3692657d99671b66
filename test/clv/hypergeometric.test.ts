// 2F1 by its series, checked against values found another way: closed forms (also at negative,
// non-integer c, where the terms change sign), and Gauss's contiguous relation in c, which gives
// 2F1 at c - 1 < 0 from two series at positive c. Poles are refused by name.
import { describe, expect, test } from "vitest";
import { hyp2f1 } from "../../data-loaders/lib/clv/hypergeometric.ts";

const relative = (value: number, reference: number) => Math.abs(value / reference - 1);

describe("hyp2f1 at positive c", () => {
  test("equals closed forms: 2F1(1,1;2;z) = -ln(1-z)/z and 2F1(a,b;b;z) = (1-z)^-a", () => {
    for (const z of [0.1, 0.5, 0.9, 0.99]) {
      expect(relative(hyp2f1(1, 1, 2, z).value, -Math.log(1 - z) / z)).toBeLessThan(1e-12);
      expect(relative(hyp2f1(2.5, 3.2, 3.2, z).value, Math.pow(1 - z, -2.5))).toBeLessThan(1e-12);
    }
  });

  test("reports a series that did not converge instead of returning it silently", () => {
    const result = hyp2f1(1, 1, 2, 0.999, 50);
    expect(result.converged).toBe(false);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/outside \[0, 1\)/);
  });
});

describe("hyp2f1 at negative non-integer c", () => {
  const zs = [0.05, 0.3, 0.7, 0.95];

  test("2F1(a,b;b;z) = (1-z)^-a with b = c < 0", () => {
    for (const c of [-0.783, -2.5, -7.31]) {
      for (const z of zs) {
        const result = hyp2f1(1.7, c, c, z);
        expect(result.converged).toBe(true);
        expect(relative(result.value, Math.pow(1 - z, -1.7))).toBeLessThan(1e-12);
      }
    }
  });

  // 2F1(A,B;B-1;z) = (1-z)^(-A-1) (1 - z + A z / (B - 1)): the series' coefficients are those of the
  // product (binomial series times a linear factor). With B = b + x and A = r + x this is BG/NBD's
  // eq. 10 at a = 0, so it is the case Online Retail's boundary fit reaches (B = 0.217, c = -0.783).
  test("2F1(A,B;B-1;z) in closed form with B - 1 < 0", () => {
    for (const [A, B] of [[0.8, 0.217], [0.05, 0.5], [3.2, -1.6], [12, 0.99]]) {
      for (const z of zs) {
        const result = hyp2f1(A, B, B - 1, z);
        const closed = Math.pow(1 - z, -A - 1) * (1 - z + (A * z) / (B - 1));
        expect(result.converged).toBe(true);
        expect(relative(result.value, closed)).toBeLessThan(1e-11);
      }
    }
  });

  // DLMF 15.5.18: c(c-1)(z-1) F(c-1) + c[c-1-(2c-a-b-1)z] F(c) + (c-a)(c-b) z F(c+1) = 0, so F(c-1)
  // follows from F(c) and F(c+1), both summed at positive c where every term is positive.
  test("agrees with Gauss's contiguous relation from two series at positive c", () => {
    const viaContiguous = (a: number, b: number, c: number, z: number) => {
      const F = hyp2f1(a, b, c, z).value, F1 = hyp2f1(a, b, c + 1, z).value;
      return -(c * (c - 1 - (2 * c - a - b - 1) * z) * F + (c - a) * (c - b) * z * F1) / (c * (c - 1) * (z - 1));
    };
    // (a, b, c) with c - 1 < 0: BG/NBD's (r, b, a + b) for x = 0 near and away from the boundary a -> 0.
    for (const [a, b, c] of [[0.8, 0.217, 0.217 + 2.5e-11], [0.3, 0.4, 0.7], [1.9, 0.25, 0.35], [0.6, 5, 0.05]]) {
      for (const z of zs) {
        const result = hyp2f1(a, b, c - 1, z);
        expect(result.converged).toBe(true);
        expect(relative(result.value, viaContiguous(a, b, c, z))).toBeLessThan(1e-10);
      }
    }
  });

  test("a non-positive integer c, or one within rounding of it, is refused by name", () => {
    for (const c of [0, -1, -3, -2 + 1e-9, 1e-12, -5 - 3e-7]) {
      expect(() => hyp2f1(0.5, 0.7, c, 0.4)).toThrow(/non-positive integer/);
    }
    // Near, but not within rounding: allowed, and checked against the contiguous relation above.
    expect(hyp2f1(0.5, 0.7, -2 + 1e-3, 0.4).converged).toBe(true);
  });

  test("flags a sum whose terms cancelled beyond its precision, and keeps one near a zero of 2F1", () => {
    // 2F1(a,b;b;z) = (1-z)^-a with a = -20.5: terms of both signs, summing to far less than their size.
    const tiny = hyp2f1(-20.5, 0.4, 0.4, 0.9);
    expect(tiny.converged).toBe(false);
    const moderate = hyp2f1(-20.5, 0.4, 0.4, 0.3);
    expect(moderate.converged).toBe(true);
    expect(relative(moderate.value, Math.pow(0.7, 20.5))).toBeLessThan(1e-9);
    // At the zero z0 = (1 - B) / (1 - B + A) of 2F1(A,B;B-1;z) the value is accurate in absolute terms.
    const [A, B] = [0.8, 0.217];
    const z0 = (1 - B) / (1 - B + A);
    const atZero = hyp2f1(A, B, B - 1, z0);
    expect(atZero.converged).toBe(true);
    expect(Math.abs(atZero.value)).toBeLessThan(1e-14);
  });
});
