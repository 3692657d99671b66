// CUPED (Deng, Xu, Kohavi & Walker 2013): variance reduction with a covariate measured before
// assignment. theta = cov(y, x) / var(x), pooled within arms (so a treatment effect on y does not
// leak into theta), and each user's y becomes y - theta (x - mean x) with mean x over all arms. The
// adjusted difference of means is then exactly the treatment coefficient of the least-squares fit
// y ~ 1 + treatment + x (ANCOVA); randomisation makes x independent of the arm, so the adjustment
// removes noise, not effect. theta is treated as known (as in the paper): with thousands of users
// its sampling error is negligible next to the variance it removes.
import type { MeanSummary } from "./means.ts";

/** One arm's moments of the outcome y and covariate x (sample variances and covariance, n - 1). */
export interface CovariateArm {
  n: number;
  meanY: number;
  meanX: number;
  varianceY: number;
  varianceX: number;
  covarianceXY: number;
}

export interface CupedFit {
  /** NaN when x does not vary within the arms (no pre-period information): nothing to adjust with. */
  theta: number;
  /** Mean of x over every user of every arm. */
  meanX: number;
  /** 1 - var(adjusted y) / var(y), both pooled within arms. */
  varianceReduction: number;
  /** Each arm's adjusted mean and the sample variance of its adjusted values. */
  adjusted: MeanSummary[];
}

export function cupedFit(arms: CovariateArm[]): CupedFit {
  const within = (f: (a: CovariateArm) => number) => arms.reduce((sum, a) => sum + (a.n > 1 ? (a.n - 1) * f(a) : 0), 0);
  const sxx = within((a) => a.varianceX);
  const sxy = within((a) => a.covarianceXY);
  const syy = within((a) => a.varianceY);
  const users = arms.reduce((sum, a) => sum + a.n, 0);
  const meanX = arms.reduce((sum, a) => sum + a.n * a.meanX, 0) / users;
  const theta = sxx > 0 ? sxy / sxx : NaN;
  const adjusted = arms.map((a) => adjustArm(a, theta, meanX));
  // Pooled: syy - 2 theta sxy + theta^2 sxx = syy - sxy^2 / sxx.
  const varianceReduction = sxx > 0 && syy > 0 ? 1 - (syy - 2 * theta * sxy + theta * theta * sxx) / syy : NaN;
  return { theta, meanX, varianceReduction, adjusted };
}

/** The arm's mean and variance of y - theta (x - meanX); theta NaN (or 0) leaves y as it is. */
export function adjustArm(arm: CovariateArm, theta: number, meanX: number): MeanSummary {
  const t = Number.isFinite(theta) ? theta : 0;
  return {
    n: arm.n,
    mean: arm.meanY - t * (arm.meanX - meanX),
    variance: arm.varianceY - 2 * t * arm.covarianceXY + t * t * arm.varianceX,
  };
}
