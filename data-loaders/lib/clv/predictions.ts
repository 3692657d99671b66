// Per-customer predictions from fitted BG/NBD and Gamma-Gamma parameters (Fader, Hardie & Lee
// 2005 eqs. 9-10 and their technical note on P(alive); Fader & Hardie 2013 for expected spend).
// Times are in the unit the model was fitted in.
import type { BgNbdParameters } from "./bgnbd-likelihood.ts";
import type { GammaGammaParameters } from "./gamma-gamma-likelihood.ts";
import { hyp2f1 } from "./hypergeometric.ts";

/** Probability that a customer with history (x, t_x, T) has not dropped out. */
export function probabilityAlive(parameters: BgNbdParameters, x: number, tx: number, T: number): number {
  return 1 / inverseProbabilityAlive(parameters, x, tx, T);
}

/**
 * 1 / P(alive) = 1 + a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x) for x > 0, 1 for x = 0:
 * also the denominator of eq. 10, so a batch computes it once per customer for every horizon. At
 * a = 0 (a fit on its boundary: no customer drops out) it is 1, whatever b.
 */
export function inverseProbabilityAlive({ r, alpha, a, b }: BgNbdParameters, x: number, tx: number, T: number): number {
  return x > 0 && a > 0 ? 1 + (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + T) / (alpha + tx))) : 1;
}

export interface Expectation {
  value: number;
  /** False when the hypergeometric series did not converge: the value is then not to be used. */
  converged: boolean;
}

/** Expected purchases in (T, T + t] for a customer with history (x, t_x, T) (eq. 10). */
export function conditionalExpectedPurchases(parameters: BgNbdParameters, x: number, tx: number, T: number, t: number): Expectation {
  const alive = aliveExpectedPurchases(parameters, x, T, t);
  return { value: alive.value / inverseProbabilityAlive(parameters, x, tx, T), converged: alive.converged };
}

/**
 * Eq. 10 without its denominator: expected purchases in (T, T + t] of a customer known to be alive,
 * (a + b + x - 1) / (a - 1) [1 - ((alpha + T) / (alpha + T + t))^(r + x) 2F1(r + x, b + x; a + b + x - 1;
 * t / (alpha + T + t))]. It does not depend on t_x, so customers sharing (x, T) share it and batch
 * predictions compute each series once; eq. 10 is this times P(alive).
 *
 * At a = 0 (no dropout) BG/NBD is the NBD model and this is its (r + x) t / (alpha + T): the limit of
 * the expression above (2F1(A, B; B - 1; z) = (1 - z)^(-A-1) (1 - z + A z / (B - 1))), free of b,
 * which the likelihood no longer identifies there.
 */
export function aliveExpectedPurchases({ r, alpha, a, b }: BgNbdParameters, x: number, T: number, t: number): Expectation {
  if (t === 0) return { value: 0, converged: true };
  if (a === 0) return { value: ((r + x) * t) / (alpha + T), converged: true };
  const series = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const tail = Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * series.value;
  return { value: ((a + b + x - 1) / (a - 1)) * (1 - tail), converged: series.converged };
}

/** Expected purchases in (0, t] for a customer just acquired (eq. 9; r t / alpha at a = 0). */
export function expectedPurchasesNewCustomer({ r, alpha, a, b }: BgNbdParameters, t: number): Expectation {
  if (a === 0) return { value: (r * t) / alpha, converged: true };
  const series = hyp2f1(r, b, a + b - 1, t / (alpha + t));
  return { value: ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * series.value), converged: series.converged };
}

/** Expected mean spend per purchase given x repeat purchases with mean m (x = 0: the population mean). */
export function expectedAverageSpend({ p, q, gamma }: GammaGammaParameters, x: number, m: number): number {
  if (x === 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * m)) / (p * x + q - 1);
}

/**
 * Discounted value: expected spend x expected purchases in each of `months` steps of
 * `monthLength` time units, each discounted by (1 + monthlyRate)^k (as lifetimes'
 * customer_lifetime_value does).
 */
export function discountedValue(
  parameters: BgNbdParameters, x: number, tx: number, T: number, spend: number,
  months: number, monthLength: number, monthlyRate: number,
): Expectation {
  let value = 0, previous = 0, converged = true;
  for (let k = 1; k <= months; k++) {
    const cumulative = conditionalExpectedPurchases(parameters, x, tx, T, k * monthLength);
    converged &&= cumulative.converged;
    value += ((cumulative.value - previous) * spend) / Math.pow(1 + monthlyRate, k);
    previous = cumulative.value;
  }
  return { value, converged };
}
