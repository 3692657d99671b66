// Fits BG/NBD and Gamma-Gamma by maximum likelihood on log-parameters, starting from 1 for
// every parameter (as lifetimes does), with the likelihoods' analytic gradients and Hessians.
import { bgnbdLogLikelihood, type BgNbdParameters } from "./bgnbd-likelihood.ts";
import { gammaGammaLogLikelihood, prepareSpend, type GammaGammaParameters, type SpendData } from "./gamma-gamma-likelihood.ts";
import type { CustomerGroups } from "./groups.ts";
import { maximiseLikelihood } from "./maximise.ts";

export interface FitDiagnostics {
  logLikelihood: number;
  gradientNorm: number;
  evaluations: number;
  converged: boolean;
  /** Customers the fit used. */
  customers: number;
}

export interface BgNbdFit extends FitDiagnostics {
  parameters: BgNbdParameters;
}

export interface GammaGammaFit extends FitDiagnostics {
  parameters: GammaGammaParameters;
}

const bgnbd = ([r, alpha, a, b]: number[]): BgNbdParameters => ({ r: Math.exp(r), alpha: Math.exp(alpha), a: Math.exp(a), b: Math.exp(b) });
const gammaGamma = ([p, q, gamma]: number[]): GammaGammaParameters => ({ p: Math.exp(p), q: Math.exp(q), gamma: Math.exp(gamma) });

export function fitBgNbd(groups: CustomerGroups): BgNbdFit {
  if (groups.customers === 0) throw new Error("BG/NBD: no customers to fit");
  if (!groups.x.some((x) => x > 0)) throw new Error("BG/NBD: no customer made a repeat purchase, so the model cannot be fitted");
  const result = maximiseLikelihood((point, gradient, hessian) => bgnbdLogLikelihood(bgnbd(point), groups, gradient, hessian), [0, 0, 0, 0], groups.customers);
  const { logParameters, ...diagnostics } = result;
  return { parameters: bgnbd(logParameters), ...diagnostics, customers: groups.customers };
}

export function fitGammaGamma(data: SpendData): GammaGammaFit {
  if (data.x.length < 2) throw new Error("Gamma-Gamma: fewer than two repeat buyers to fit");
  const prepared = prepareSpend(data);
  const result = maximiseLikelihood((point, gradient, hessian) => gammaGammaLogLikelihood(gammaGamma(point), prepared, gradient, hessian), [0, 0, 0], data.x.length);
  const { logParameters, ...diagnostics } = result;
  return { parameters: gammaGamma(logParameters), ...diagnostics, customers: data.x.length };
}
