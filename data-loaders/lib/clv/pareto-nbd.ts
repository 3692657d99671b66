// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): while active a customer buys at a rate
// lambda ~ Gamma(r, alpha) and drops out after an exponential lifetime with rate mu ~ Gamma(s, beta).
// Log-likelihood in the form of Fader & Hardie, "A Note on Deriving the Pareto/NBD Model and
// Related Expressions" (2005), eq. 22, over customers grouped by (x, t_x, T). Its derivatives with
// respect to the parameters go through 2F1's parameters, which have no closed form in @stdlib, so
// the fit differentiates the log-likelihood numerically (central differences on log-parameters).
import gammaln from "@stdlib/math-base-special-gammaln";
import { flatParameters, type FitDiagnostics } from "./fit.ts";
import type { CustomerGroups } from "./groups.ts";
import { hyp2f1 } from "./hypergeometric.ts";
import { maximiseLikelihood } from "./maximise.ts";

export interface ParetoNbdParameters {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export interface ParetoNbdFit extends FitDiagnostics {
  parameters: ParetoNbdParameters;
}

/**
 * Sum over customers of log L. Per customer L = Γ(r+x) α^r β^s / Γ(r) times
 * [(α+T)^-(r+x) (β+T)^-s + s/(r+s+x) A0], where with m = max(α, β) and the 2F1 parameter
 * b' = s+1 when α >= β, r+x otherwise, A0 = F(t_x) - F(T) and
 * F(t) = 2F1(r+s+x, b'; r+s+x+1; |α-β| / (m+t)) / (m+t)^(r+s+x).
 * NaN when a hypergeometric series does not converge, never a truncated sum.
 */
export function paretoNbdLogLikelihood({ r, alpha, s, beta }: ParetoNbdParameters, groups: CustomerGroups): number {
  const { x, tx, T, weight } = groups;
  const high = Math.max(alpha, beta), gap = Math.abs(alpha - beta);
  const constant = r * Math.log(alpha) + s * Math.log(beta) - gammaln(r);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], rsx = r + s + xi;
    const bPrime = alpha >= beta ? s + 1 : r + xi;
    // ln F(t_x) and ln F(T); F decreases in t, so A0 >= 0.
    const lnF = (t: number) => {
      const series = hyp2f1(rsx, bPrime, rsx + 1, gap / (high + t));
      return series.converged ? Math.log(series.value) - rsx * Math.log(high + t) : Number.NaN;
    };
    const lnFtx = lnF(tx[i]), lnFT = lnF(T[i]);
    const lnFirst = -(r + xi) * Math.log(alpha + T[i]) - s * Math.log(beta + T[i]);
    // ln A0 = ln F(t_x) + ln(1 - F(T)/F(t_x)); A0 = 0 when t_x = T.
    const lnSecond = lnFtx - lnFT > 0 ? Math.log(s / rsx) + lnFtx + Math.log(-Math.expm1(lnFT - lnFtx)) : Number.NEGATIVE_INFINITY;
    const top = Math.max(lnFirst, lnSecond);
    const lnSum = top + Math.log(Math.exp(lnFirst - top) + Math.exp(lnSecond - top));
    total += weight[i] * (gammaln(r + xi) + constant + lnSum);
  }
  return total;
}

/** Central-difference steps in log-parameters for the gradient and for the Hessian. */
const GRADIENT_STEP = 1e-5;
const HESSIAN_STEP = 1e-4;

/** Fits Pareto/NBD by maximum likelihood from 1 for every parameter (as lifetimes does). */
export function fitParetoNbd(groups: CustomerGroups): ParetoNbdFit {
  if (groups.customers === 0) throw new Error("Pareto/NBD: no customers to fit");
  if (!groups.x.some((x) => x > 0)) throw new Error("Pareto/NBD: no customer made a repeat purchase, so the model cannot be fitted");
  const at = (point: number[]) => paretoNbdLogLikelihood(paretoNbd(point), groups);
  const shifted = (point: number[], steps: Array<[number, number]>) => point.map((v, i) => v + steps.reduce((sum, [j, h]) => sum + (j === i ? h : 0), 0));
  const result = maximiseLikelihood((point, gradient, hessian) => {
    const value = at(point);
    const n = point.length;
    for (let j = 0; j < n; j++) {
      const h = GRADIENT_STEP;
      gradient[j] = (at(shifted(point, [[j, h]])) - at(shifted(point, [[j, -h]]))) / (2 * h);
    }
    for (let j = 0; j < n; j++) {
      for (let k = j; k < n; k++) {
        const h = HESSIAN_STEP;
        const second = j === k
          ? (at(shifted(point, [[j, 2 * h]])) - 2 * value + at(shifted(point, [[j, -2 * h]]))) / (4 * h * h)
          : (at(shifted(point, [[j, h], [k, h]])) - at(shifted(point, [[j, h], [k, -h]])) - at(shifted(point, [[j, -h], [k, h]])) + at(shifted(point, [[j, -h], [k, -h]]))) / (4 * h * h);
        hessian[j][k] = hessian[k][j] = second;
      }
    }
    return value;
  }, [0, 0, 0, 0], groups.customers);
  const { logParameters, logLikelihood, gradientNorm, evaluations, converged } = result;
  return { parameters: paretoNbd(logParameters), logLikelihood, gradientNorm, evaluations, converged, flat: flatParameters(["r", "alpha", "s", "beta"], result), customers: groups.customers };
}

const paretoNbd = ([r, alpha, s, beta]: number[]): ParetoNbdParameters => ({ r: Math.exp(r), alpha: Math.exp(alpha), s: Math.exp(s), beta: Math.exp(beta) });

/** Expected purchases in (0, t] for a customer just acquired: r β / (α (s - 1)) [1 - (β / (β + t))^(s - 1)]. */
export function paretoNbdExpectedPurchasesNewCustomer({ r, alpha, s, beta }: ParetoNbdParameters, t: number): number {
  return ((r * beta) / (alpha * (s - 1))) * (1 - Math.pow(beta / (beta + t), s - 1));
}
