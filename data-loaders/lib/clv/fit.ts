// Fits BG/NBD and Gamma-Gamma by maximum likelihood on log-parameters, starting from 1 for
// every parameter (as lifetimes does), with the likelihoods' analytic gradients and Hessians.
import { bgnbdLogLikelihood, type BgNbdParameters } from "./bgnbd-likelihood.ts";
import { gammaGammaLogLikelihood, prepareSpend, type GammaGammaParameters, type SpendData } from "./gamma-gamma-likelihood.ts";
import type { CustomerGroups } from "./groups.ts";
import { CONVERGED_GRADIENT, maximiseLikelihood, type MaximumLikelihood } from "./maximise.ts";

export interface FitDiagnostics {
  logLikelihood: number;
  gradientNorm: number;
  evaluations: number;
  converged: boolean;
  /** Customers the fit used. */
  customers: number;
  /** Parameters the likelihood is flat in at the optimum (see flatParameters); empty for a fit inside the parameter space. */
  flat: FlatParameter[];
}

export interface FlatParameter {
  name: string;
  /** Where the optimiser left it. */
  value: number;
  /** The likelihood still rises as the parameter falls: its maximum is at the lower bound 0. */
  atZero: boolean;
}

/**
 * Per customer, a log-likelihood that bends less than this in a log-parameter is flat in it: the
 * scale of the convergence test (a slope below CONVERGED_GRADIENT counts as none, so does a bend
 * below this). A fitted parameter is then either at a bound of the parameter space, where the
 * maximiser on log-parameters walks towards log 0 = -infinity with an ever smaller gradient and
 * stops at an arbitrary tiny value, or not identified by the data at all. Inside the space the
 * fits measured bend by at least 3.8e-5 per customer (Online Retail's full-period a, on the a-b
 * ridge), while Online Retail's calibration fit, at a -> 0, bends by 3e-12 in a and b.
 */
export const FLAT_CURVATURE = 1e-6;

/** The parameters a fit is flat in, and for each whether the likelihood still rises towards 0. */
export function flatParameters(names: string[], result: Pick<MaximumLikelihood, "logParameters" | "gradient" | "curvature">): FlatParameter[] {
  return names.flatMap((name, j) => {
    if (!(result.curvature[j] < FLAT_CURVATURE)) return [];
    const value = Math.exp(result.logParameters[j]);
    // The gradient is in log-parameters (theta dL/dtheta), which vanishes as theta -> 0 even while
    // the likelihood still rises: the slope in theta itself says which way the maximum lies.
    return [{ name, value, atZero: result.gradient[j] / value < -CONVERGED_GRADIENT }];
  });
}

export interface BgNbdFit extends FitDiagnostics {
  parameters: BgNbdParameters;
}

export interface GammaGammaFit extends FitDiagnostics {
  parameters: GammaGammaParameters;
}

const bgnbd = ([r, alpha, a, b]: number[]): BgNbdParameters => ({ r: Math.exp(r), alpha: Math.exp(alpha), a: Math.exp(a), b: Math.exp(b) });
const gammaGamma = ([p, q, gamma]: number[]): GammaGammaParameters => ({ p: Math.exp(p), q: Math.exp(q), gamma: Math.exp(gamma) });

/**
 * When the likelihood rises all the way to a = 0, the maximum is the boundary itself, and the fit
 * is reported there (a = 0, with the likelihood at a = 0) instead of where the optimiser stopped:
 * at a = 0 BG/NBD is the NBD model (no dropout; Fader, Hardie & Lee 2005 eq. 6 loses its second
 * term and B(a, b + x) / B(a, b) = 1), so the predictions do not depend on an arbitrary tiny a or on
 * b, which the likelihood no longer identifies.
 */
export function fitBgNbd(groups: CustomerGroups): BgNbdFit {
  if (groups.customers === 0) throw new Error("BG/NBD: no customers to fit");
  if (!groups.x.some((x) => x > 0)) throw new Error("BG/NBD: no customer made a repeat purchase, so the model cannot be fitted");
  const result = maximiseLikelihood((point, gradient, hessian) => bgnbdLogLikelihood(bgnbd(point), groups, gradient, hessian), [0, 0, 0, 0], groups.customers);
  const { logParameters, logLikelihood, gradientNorm, evaluations, converged } = result;
  const flat = flatParameters(["r", "alpha", "a", "b"], result);
  let parameters = bgnbd(logParameters), atBoundary = logLikelihood;
  if (converged && flat.some((f) => f.name === "a" && f.atZero)) {
    parameters = { ...parameters, a: 0 };
    atBoundary = bgnbdLogLikelihood(parameters, groups);
  }
  return { parameters, logLikelihood: atBoundary, gradientNorm, evaluations, converged, flat, customers: groups.customers };
}

export function fitGammaGamma(data: SpendData): GammaGammaFit {
  if (data.x.length < 2) throw new Error("Gamma-Gamma: fewer than two repeat buyers to fit");
  const prepared = prepareSpend(data);
  const result = maximiseLikelihood((point, gradient, hessian) => gammaGammaLogLikelihood(gammaGamma(point), prepared, gradient, hessian), [0, 0, 0], data.x.length);
  const { logParameters, logLikelihood, gradientNorm, evaluations, converged } = result;
  return { parameters: gammaGamma(logParameters), logLikelihood, gradientNorm, evaluations, converged, flat: flatParameters(["p", "q", "gamma"], result), customers: data.x.length };
}
