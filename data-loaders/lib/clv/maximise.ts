// Maximum likelihood on log-parameters with fmin's conjugate gradient (Polak-Ribiere with a
// Wolfe line search; benfred/fmin, BSD-3-Clause). The objective is the mean negative
// log-likelihood per customer, so the gradient tolerance means the same at 2,000 or 1,000,000
// customers. The likelihood ridges of these models are flat (a and b of BG/NBD move together), so
// conjugate gradient stops near, not at, the optimum; Newton steps with a Hessian differenced
// from the analytic gradient finish the climb. Convergence is judged here from the gradient at
// the returned point, not taken on trust.
import { conjugateGradient } from "fmin";
import { Matrix, solve } from "ml-matrix";

export interface MaximumLikelihood {
  /** Log-parameters at the optimum. */
  logParameters: number[];
  logLikelihood: number;
  /** Largest |d mean LL / d log-parameter| at the optimum. */
  gradientNorm: number;
  evaluations: number;
  converged: boolean;
}

/** Target for the mean log-likelihood's gradient in log-parameters, and the largest that still counts as converged. */
export const GRADIENT_TOLERANCE = 1e-9;
export const CONVERGED_GRADIENT = 1e-6;

/**
 * logLikelihood(logParameters, gradient?) returns the total log-likelihood and writes its
 * gradient with respect to the log-parameters; `count` is the number of customers.
 */
export function maximiseLikelihood(
  logLikelihood: (logParameters: number[], gradient?: number[]) => number,
  start: number[],
  count: number,
  maxIterations = 200,
): MaximumLikelihood {
  let evaluations = 0;
  const objective = (point: number[], gradient: number[]) => {
    evaluations++;
    const value = logLikelihood(point, gradient);
    if (!Number.isFinite(value) || gradient.some((g) => !Number.isFinite(g))) {
      // Outside where the likelihood is representable: tell the line search to step back.
      gradient.fill(0);
      return Number.POSITIVE_INFINITY;
    }
    for (let i = 0; i < gradient.length; i++) gradient[i] = -gradient[i] / count;
    return -value / count;
  };
  // Restarting the conjugate directions from the best point guards against a stalled line search.
  // Conjugate gradient brings the point near the optimum (fmin stops it at a gradient norm of
  // 1e-5); Newton's quadratic convergence is cheaper than more rounds from there.
  let point = start.slice();
  for (let round = 0; round < 3; round++) {
    const result = conjugateGradient(objective, point, { maxIterations });
    point = result.x.slice();
    if (norm(result.fxprime) <= 1e-4) break;
  }
  point = newtonPolish(logLikelihood, point, count);
  const gradient = new Array(start.length).fill(0);
  const value = logLikelihood(point, gradient);
  const gradientNorm = norm(gradient) / count;
  return { logParameters: point, logLikelihood: value, gradientNorm, evaluations, converged: Number.isFinite(value) && gradientNorm <= CONVERGED_GRADIENT };
}

function norm(values: number[]): number {
  return Math.max(...values.map(Math.abs));
}

/** Newton steps on the log-likelihood, each kept only if it does not lower the likelihood. */
function newtonPolish(logLikelihood: (point: number[], gradient?: number[]) => number, start: number[], count: number): number[] {
  const n = start.length;
  let point = start.slice();
  let gradient = new Array(n).fill(0);
  let value = logLikelihood(point, gradient);
  for (let step = 0; step < 20 && norm(gradient) / count > GRADIENT_TOLERANCE; step++) {
    const hessian = differencedHessian(logLikelihood, point, gradient);
    if (!hessian) break;
    let direction: number[];
    try {
      direction = solve(hessian, Matrix.columnVector(gradient.map((g) => -g))).to1DArray();
    } catch {
      break;
    }
    const candidate = point.map((p, i) => p + direction[i]);
    const candidateGradient = new Array(n).fill(0);
    const candidateValue = logLikelihood(candidate, candidateGradient);
    if (!(candidateValue >= value - 1e-9 * Math.abs(value))) break;
    point = candidate;
    gradient = candidateGradient;
    value = candidateValue;
  }
  return point;
}

/** Central differences of the analytic gradient; null when the likelihood is not concave there. */
function differencedHessian(logLikelihood: (point: number[], gradient?: number[]) => number, point: number[], gradient: number[]): Matrix | null {
  const n = point.length;
  const hessian = new Matrix(n, n);
  const h = 1e-5;
  for (let j = 0; j < n; j++) {
    const up = new Array(n).fill(0), down = new Array(n).fill(0);
    logLikelihood(point.map((p, i) => (i === j ? p + h : p)), up);
    logLikelihood(point.map((p, i) => (i === j ? p - h : p)), down);
    for (let i = 0; i < n; i++) hessian.set(i, j, (up[i] - down[i]) / (2 * h));
  }
  // Symmetrise; a maximum needs a negative definite Hessian (negative diagonal at least).
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
    const mean = (hessian.get(i, j) + hessian.get(j, i)) / 2;
    hessian.set(i, j, mean);
    hessian.set(j, i, mean);
  }
  if (gradient.some((g) => !Number.isFinite(g))) return null;
  for (let i = 0; i < n; i++) if (!(hessian.get(i, i) < 0)) return null;
  return hessian;
}
