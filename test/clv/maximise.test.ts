// The Newton maximiser on functions whose maximum is known: a concave quadratic (one Newton step),
// and the negated Rosenbrock function from its classic start (-1.2, 1), where the Hessian is not
// negative definite along the way, so the modified-Hessian steps and the line search must carry it.
import { describe, expect, test } from "vitest";
import { maximiseLikelihood, type LogLikelihood } from "../../data-loaders/lib/clv/maximise.ts";

describe("maximiseLikelihood", () => {
  test("a concave quadratic: the maximum after one Newton step", () => {
    // f = -(x - 1)^2 - 2 (y + 3)^2 - (x - 1)(y + 3), maximum 0 at (1, -3).
    const f: LogLikelihood = ([x, y], g, h) => {
      const u = x - 1, v = y + 3;
      g[0] = -2 * u - v; g[1] = -4 * v - u;
      h[0][0] = -2; h[0][1] = -1; h[1][0] = -1; h[1][1] = -4;
      return -u * u - 2 * v * v - u * v;
    };
    const result = maximiseLikelihood(f, [3, -1], 1);
    expect(result.converged).toBe(true);
    // The start and the Newton step to the maximum; the polish below the tolerance adds one or two
    // evaluations at rounding level.
    expect(result.evaluations).toBeLessThanOrEqual(4);
    expect(result.logParameters[0]).toBeCloseTo(1, 12);
    expect(result.logParameters[1]).toBeCloseTo(-3, 12);
  });

  test("the negated Rosenbrock function from (-1.2, 1): the maximum 0 at (1, 1)", () => {
    const f: LogLikelihood = ([x, y], g, h) => {
      g[0] = 2 * (1 - x) + 400 * x * (y - x * x);
      g[1] = -200 * (y - x * x);
      h[0][0] = -2 + 400 * (y - 3 * x * x); h[0][1] = 400 * x; h[1][0] = 400 * x; h[1][1] = -200;
      return -((1 - x) ** 2) - 100 * (y - x * x) ** 2;
    };
    const result = maximiseLikelihood(f, [-1.2, 1], 1);
    expect(result.converged).toBe(true);
    expect(result.gradientNorm).toBeLessThan(1e-9);
    expect(result.logParameters[0]).toBeCloseTo(1, 8);
    expect(result.logParameters[1]).toBeCloseTo(1, 8);
    expect(result.logLikelihood).toBeGreaterThan(-1e-15);
  });

  test("a likelihood that is not finite at the start is an error, not a number", () => {
    expect(() => maximiseLikelihood((_, g) => { g[0] = 0; return Number.NaN; }, [0], 1)).toThrow(/not finite at the starting point/);
  });
});
