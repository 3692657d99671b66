// Maximum likelihood on log-parameters by Newton's method with the analytic Hessian, modified
// where it is not negative definite and safeguarded by a backtracking line search (Nocedal &
// Wright, Numerical Optimization, 2nd ed., algorithms 3.1 and 3.3). These likelihoods have 3-4
// parameters and a Hessian that costs little more than the gradient, so a Newton step per
// evaluation beats the hundred-odd evaluations conjugate gradient needed on their flat ridges (a
// and b of BG/NBD move together). The objective's scale is per customer, so the gradient
// tolerance means the same at 2,000 or 1,000,000 customers. Convergence is judged from the
// gradient at the returned point, not taken on trust.
import { CholeskyDecomposition, Matrix } from "ml-matrix";

export interface MaximumLikelihood {
  /** Log-parameters at the optimum. */
  logParameters: number[];
  logLikelihood: number;
  /** Largest |d mean LL / d log-parameter| at the optimum. */
  gradientNorm: number;
  /** d(mean LL)/d(log-parameter) for each parameter at the returned point. */
  gradient: number[];
  /** Likelihood evaluations (each with its gradient and Hessian). */
  evaluations: number;
  converged: boolean;
  /**
   * -d2(mean LL)/d(log-parameter)^2 for each parameter at the returned point: how sharply the
   * likelihood per customer bends in it. Near 0 the likelihood is flat in that parameter.
   */
  curvature: number[];
}

/** Target for the mean log-likelihood's gradient in log-parameters, and the largest that still counts as converged. */
export const GRADIENT_TOLERANCE = 1e-9;
export const CONVERGED_GRADIENT = 1e-6;

/**
 * Returns the total log-likelihood at `logParameters` and writes its gradient and Hessian with
 * respect to the log-parameters into `gradient` (length n) and `hessian` (n x n).
 */
export type LogLikelihood = (logParameters: number[], gradient: number[], hessian: number[][]) => number;

/** Armijo's sufficient increase, as a share of the increase the slope promises. */
const SUFFICIENT_INCREASE = 1e-4;
/** A step in log-parameters is kept to at most this (a factor e^5 on a parameter) before the line search. */
const MAX_STEP = 5;

/** `count` is the number of customers. */
export function maximiseLikelihood(logLikelihood: LogLikelihood, start: number[], count: number, maxIterations = 200): MaximumLikelihood {
  const n = start.length;
  let evaluations = 0;
  const evaluate = (point: number[]) => {
    evaluations++;
    const gradient = new Array<number>(n).fill(0);
    const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const value = logLikelihood(point, gradient, hessian);
    const finite = Number.isFinite(value) && gradient.every(Number.isFinite) && hessian.every((row) => row.every(Number.isFinite));
    return { point, value: finite ? value : Number.NEGATIVE_INFINITY, gradient, hessian, finite };
  };
  let current = evaluate(start.slice());
  if (!current.finite) throw new Error(`the log-likelihood is not finite at the starting point (${start.join(", ")})`);
  for (let iteration = 0; iteration < maxIterations && norm(current.gradient) / count > GRADIENT_TOLERANCE; iteration++) {
    const direction = ascentDirection(current.hessian, current.gradient);
    const longest = norm(direction);
    if (longest > MAX_STEP) for (let i = 0; i < n; i++) direction[i] *= MAX_STEP / longest;
    const slope = direction.reduce((sum, d, i) => sum + d * current.gradient[i], 0);
    // Within rounding of the optimum a Newton step's gain is below the likelihood's own rounding:
    // allow for that (as much as 1e-12 of it), or the last steps would be refused.
    const noise = 1e-12 * Math.abs(current.value);
    let accepted = null;
    for (let step = 1; step > 1e-10; step /= 2) {
      const candidate = evaluate(current.point.map((p, i) => p + step * direction[i]));
      if (candidate.finite && candidate.value >= current.value + SUFFICIENT_INCREASE * step * slope - noise) {
        accepted = candidate;
        break;
      }
    }
    if (!accepted) break;
    current = accepted;
  }
  // Below the tolerance, Newton steps go on while each still halves the gradient (one or two, at
  // quadratic convergence): the fit then lands on the optimum to rounding, not wherever the
  // tolerance happened to be crossed, so the parameters do not depend on the path taken.
  for (let extra = 0; extra < 3 && current.finite && norm(current.gradient) / count <= GRADIENT_TOLERANCE; extra++) {
    const direction = ascentDirection(current.hessian, current.gradient);
    const candidate = evaluate(current.point.map((p, i) => p + direction[i]));
    const noise = 1e-12 * Math.abs(current.value);
    if (!candidate.finite || candidate.value < current.value - noise || !(norm(candidate.gradient) < norm(current.gradient) / 2)) break;
    current = candidate;
  }
  const gradientNorm = norm(current.gradient) / count;
  const curvature = current.hessian.map((row, j) => -row[j] / count);
  const gradient = current.gradient.map((g) => g / count);
  return { logParameters: current.point, logLikelihood: current.value, gradientNorm, gradient, evaluations, converged: current.finite && gradientNorm <= CONVERGED_GRADIENT, curvature };
}

function norm(values: number[]): number {
  return Math.max(...values.map(Math.abs));
}

/**
 * The Newton direction (-H)^-1 g where -H is positive definite; elsewhere (-H + tau I)^-1 g with
 * tau raised tenfold until the Cholesky factorisation succeeds (Nocedal & Wright's algorithm 3.3),
 * which turns the step towards the gradient, still uphill.
 */
function ascentDirection(hessian: number[][], gradient: number[]): number[] {
  const n = gradient.length;
  const negative = new Matrix(hessian).neg();
  const smallestDiagonal = Math.min(...hessian.map((row, i) => -row[i]));
  const scale = Math.max(...hessian.map((row) => Math.max(...row.map(Math.abs))), 1e-300);
  let tau = smallestDiagonal > 0 ? 0 : 1e-3 * scale - smallestDiagonal;
  for (let attempt = 0; attempt < 60; attempt++) {
    const shifted = tau === 0 ? negative : Matrix.add(negative, Matrix.eye(n).mul(tau));
    const cholesky = new CholeskyDecomposition(shifted);
    if (cholesky.isPositiveDefinite()) return cholesky.solve(Matrix.columnVector(gradient)).to1DArray();
    tau = Math.max(2 * tau, 1e-3 * scale, 10 * tau);
  }
  // The gradient itself: always an ascent direction.
  return gradient.slice();
}
