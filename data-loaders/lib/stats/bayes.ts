// The Bayesian beta-binomial view of a conversion comparison. With a Beta(1, 1) (uniform) prior,
// each arm's rate has the posterior Beta(1 + conversions, 1 + non-conversions). These are
// statements about the rates given the data and the prior: not p-values, and not error rates.
import { betaCdf, betaLogPdf, betaQuantile } from "./distributions.ts";
import type { Interval } from "./proportions.ts";

export interface BetaPosterior {
  a: number;
  b: number;
}

export const uniformPrior: BetaPosterior = { a: 1, b: 1 };

export function posterior(conversions: number, users: number, prior = uniformPrior): BetaPosterior {
  return { a: prior.a + conversions, b: prior.b + users - conversions };
}

/** Equal-tailed credible interval of the rate. */
export function credibleInterval(p: BetaPosterior, probability = 0.95): Interval {
  const tail = (1 - probability) / 2;
  return [betaQuantile(tail, p.a, p.b), betaQuantile(1 - tail, p.a, p.b)];
}

/**
 * P(variant rate > control rate) = integral of f_variant(x) F_control(x) dx. Near 1 the quadrature
 * error (~1e-12) can carry the sum past 1 (1.0000000000009 on a 97,000-user arm): a probability
 * over one half is taken as 1 minus the other arm's chance, which is small and integrated exactly
 * as well, so the result stays in [0, 1].
 */
export function chanceToBeat(control: BetaPosterior, variant: BetaPosterior): number {
  const beats = (x: BetaPosterior, y: BetaPosterior) => Math.min(1, Math.max(0, integrateAgainst(x, [y], (t) => betaCdf(t, y.a, y.b))));
  const p = beats(variant, control);
  return p > 0.5 ? 1 - beats(control, variant) : p;
}

/**
 * Expected loss of choosing `chosen` over `other`: E[max(other - chosen, 0)], the conversion rate
 * given up on average if `chosen` is in fact worse (in rate units, e.g. 0.001 = 0.1 points).
 * Inner expectation in closed form: E[(Y - x)+] = E[Y] (1 - I_x(a+1, b)) - x (1 - I_x(a, b)),
 * because y f_{a,b}(y) = E[Y] f_{a+1,b}(y).
 */
export function expectedLoss(chosen: BetaPosterior, other: BetaPosterior): number {
  const mean = other.a / (other.a + other.b);
  const excess = (x: number) => mean * (1 - betaCdf(x, other.a + 1, other.b)) - x * (1 - betaCdf(x, other.a, other.b));
  return Math.max(0, integrateAgainst(chosen, [other], excess));
}

// Outside these quantiles of the density integrated against, the integrand (bounded by 1) carries
// at most 2e-12 of mass.
const TAIL = 1e-12;
const PANELS = 1000;

/**
 * Integral over [0, 1] of f_density(x) g(x) for 0 <= g <= 1, by composite Simpson's rule on the
 * central range of the density, split where the other posteriors' own central ranges begin and end
 * so that a much narrower posterior still gets enough points.
 */
function integrateAgainst(density: BetaPosterior, others: BetaPosterior[], g: (x: number) => number): number {
  const low = betaQuantile(TAIL, density.a, density.b);
  const high = betaQuantile(1 - TAIL, density.a, density.b);
  const cuts = new Set([low, high]);
  for (const o of others) {
    for (const q of [betaQuantile(TAIL, o.a, o.b), betaQuantile(0.5, o.a, o.b), betaQuantile(1 - TAIL, o.a, o.b)]) {
      if (q > low && q < high) cuts.add(q);
    }
  }
  const points = [...cuts].sort((x, y) => x - y);
  const f = (x: number) => {
    const log = betaLogPdf(x, density.a, density.b);
    return Number.isFinite(log) ? Math.exp(log) * g(x) : 0;
  };
  let total = 0;
  for (let i = 0; i + 1 < points.length; i++) total += simpson(f, points[i], points[i + 1], PANELS);
  return total;
}

function simpson(f: (x: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let sum = f(a) + f(b);
  for (let i = 1; i < panels; i++) sum += f(a + i * h) * (i % 2 ? 4 : 2);
  return (sum * h) / 3;
}
