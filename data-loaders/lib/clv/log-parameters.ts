// The fits work on log-parameters (every parameter stays positive without bounds). With
// theta = e^phi: dL/dphi_j = theta_j dL/dtheta_j, and
// d2L/dphi_j dphi_k = theta_j theta_k d2L/dtheta_j dtheta_k + [j = k] theta_j dL/dtheta_j.

/** Writes the gradient (and, when both are given, the Hessian) in log-parameters from the natural ones. */
export function toLogParameters(theta: number[], naturalGradient: number[], naturalHessian: number[][] | undefined, gradient: number[], hessian: number[][] | undefined): void {
  const n = theta.length;
  for (let j = 0; j < n; j++) gradient[j] = theta[j] * naturalGradient[j];
  if (!hessian || !naturalHessian) return;
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) hessian[j][k] = theta[j] * theta[k] * naturalHessian[j][k];
    hessian[j][j] += gradient[j];
  }
}
