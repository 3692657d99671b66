// Pareto/NBD against two references: the individual-level likelihood of Schmittlein, Morrison &
// Colombo (exponential purchase and drop-out times) mixed over the gamma distributions by
// numerical integration, which checks the closed form and both of its branches (alpha < beta and
// alpha >= beta); and the published CDNOW fit (shared/data/README.md: BTYD's Pareto/NBD on
// cdnow_customers_summary.csv), skipped with the reason when the CDNOW files are absent.
import gammaln from "@stdlib/math-base-special-gammaln";
import { describe, expect, test } from "vitest";
import { readCdnowSummary } from "../../data-loaders/lib/clv/cdnow.ts";
import { groupCustomers } from "../../data-loaders/lib/clv/groups.ts";
import { fitParetoNbd, paretoNbdExpectedPurchasesNewCustomer, paretoNbdLogLikelihood, type ParetoNbdParameters } from "../../data-loaders/lib/clv/pareto-nbd.ts";
import { sharedDataFiles } from "../helpers/shared-data.ts";

/**
 * ln of E[L(lambda, mu | x, t_x, T)] with L = lambda^x mu/(lambda+mu) e^(-(lambda+mu) t_x)
 * + lambda^(x+1)/(lambda+mu) e^(-(lambda+mu) T), lambda ~ Gamma(r, alpha), mu ~ Gamma(s, beta)
 * (rates), by the trapezoid rule on ln lambda and ln mu (smooth and fast-decaying there).
 */
function mixedLogLikelihood({ r, alpha, s, beta }: ParetoNbdParameters, x: number, tx: number, T: number): number {
  const grid = (shape: number, rate: number) => {
    const low = Math.log(1e-18) / shape - Math.log(rate), high = Math.log(80 / rate), n = 1500, dy = (high - low) / (n - 1);
    const value = new Float64Array(n), weight = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const y = low + i * dy;
      value[i] = Math.exp(y);
      weight[i] = dy * (i === 0 || i === n - 1 ? 0.5 : 1) * Math.exp(shape * Math.log(rate) + shape * y - rate * value[i] - gammaln(shape));
    }
    return { value, weight };
  };
  const purchase = grid(r, alpha), dropout = grid(s, beta);
  let sum = 0;
  for (let i = 0; i < purchase.value.length; i++) {
    const lambda = purchase.value[i];
    let inner = 0;
    for (let j = 0; j < dropout.value.length; j++) {
      const mu = dropout.value[j];
      inner += dropout.weight[j] * ((lambda ** x * mu) / (lambda + mu) * Math.exp(-(lambda + mu) * tx) + lambda ** (x + 1) / (lambda + mu) * Math.exp(-(lambda + mu) * T));
    }
    sum += purchase.weight[i] * inner;
  }
  return Math.log(sum);
}

describe("Pareto/NBD log-likelihood", () => {
  const histories: Array<[number, number, number]> = [[0, 0, 30], [2, 20, 38], [7, 35.5, 36], [3, 10, 10]];
  for (const parameters of [{ r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 }, { r: 1.2, alpha: 6, s: 0.8, beta: 3 }]) {
    test(`equals the individual-level likelihood mixed numerically (alpha ${parameters.alpha < parameters.beta ? "<" : ">="} beta)`, () => {
      for (const [x, tx, T] of histories) {
        const closedForm = paretoNbdLogLikelihood(parameters, groupCustomers([{ x, tx, T }]));
        expect(Math.abs(closedForm / mixedLogLikelihood(parameters, x, tx, T) - 1)).toBeLessThan(1e-9);
      }
    });
  }
});

const { paths: [summaryFile], present } = sharedDataFiles(["cdnow/cdnow_customers_summary.csv"], "the published CDNOW Pareto/NBD figures");

describe.skipIf(!present)("Pareto/NBD on cdnow_customers_summary.csv", () => {
  const groups = present ? groupCustomers(readCdnowSummary(summaryFile)) : groupCustomers([]);
  const published = { r: 0.553, alpha: 10.58, s: 0.606, beta: 11.67 };

  test("converges to the published r = 0.553, alpha = 10.58, s = 0.606, beta = 11.67 and log-likelihood -9594.98", () => {
    const fit = fitParetoNbd(groups);
    expect(fit.converged).toBe(true);
    expect(fit.parameters.r.toFixed(3)).toBe("0.553");
    expect(fit.parameters.alpha.toFixed(2)).toBe("10.58");
    expect(fit.parameters.s.toFixed(3)).toBe("0.606");
    expect(fit.parameters.beta.toFixed(2)).toBe("11.67");
    // Ours is -9594.974 (rounds to -9594.97); the published parameters, rounded as published, give
    // -9594.974 here too, so the published -9594.98 comes from slightly different unrounded
    // parameters along the flat s-beta ridge. Ours is no lower, and no lower than at theirs.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(-9594.98);
    expect(fit.logLikelihood).toBeCloseTo(-9594.98, 1);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(paretoNbdLogLikelihood(published, groups));
    // BTYD's expected purchases in 52 weeks for a new customer, from its unrounded parameters.
    expect(Math.abs(paretoNbdExpectedPurchasesNewCustomer(fit.parameters, 52) / 1.473434 - 1)).toBeLessThan(1e-4);
  });
});
