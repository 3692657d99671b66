// Parameter recovery: customers drawn from known BG/NBD and Gamma-Gamma parameters (a simulation
// written from the models' stories, not from their likelihoods) are fitted back. With 20,000
// customers the estimates land within a few per cent; 12% leaves room for sampling error and
// still fails for a wrong likelihood, which lands far away.
import { expect, test } from "vitest";
import { fitBgNbd, fitGammaGamma } from "../../data-loaders/lib/clv/fit.ts";
import { groupCustomers } from "../../data-loaders/lib/clv/groups.ts";
import { simulateCustomers } from "../../data-loaders/lib/clv/simulate.ts";

const truth = { r: 0.6, alpha: 30, a: 0.8, b: 3 };
const spendTruth = { p: 4, q: 3.5, gamma: 150 };
const customers = simulateCustomers(truth, spendTruth, { customers: 20_000, minAge: 30, maxAge: 730, seed: 7 });

test("BG/NBD recovers r, alpha, a, b", () => {
  const fit = fitBgNbd(groupCustomers(customers));
  expect(fit.converged).toBe(true);
  for (const key of ["r", "alpha", "a", "b"] as const) expect(Math.abs(fit.parameters[key] / truth[key] - 1)).toBeLessThan(0.12);
});

test("Gamma-Gamma recovers p, q, gamma", () => {
  const repeat = customers.filter((c) => c.x > 0);
  const fit = fitGammaGamma({ x: Float64Array.from(repeat, (c) => c.x), m: Float64Array.from(repeat, (c) => c.spend!) });
  expect(fit.converged).toBe(true);
  for (const key of ["p", "q", "gamma"] as const) expect(Math.abs(fit.parameters[key] / spendTruth[key] - 1)).toBeLessThan(0.12);
});
