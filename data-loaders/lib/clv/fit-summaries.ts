// Fits BG/NBD and Gamma-Gamma to one period's per-customer summary and reports each fit as a
// diagnostics row. A fit that cannot run or does not converge becomes a row with a warning, never
// a silent number: the predictions read `usable` and stay empty without it.
import type { Row } from "../../pipeline/duckdb.ts";
import { fitBgNbd, fitGammaGamma, type BgNbdFit, type FlatParameter, type GammaGammaFit } from "./fit.ts";
import { nearPole } from "./hypergeometric.ts";
import { repeatBuyerSpend, type SpendData } from "./gamma-gamma-likelihood.ts";
import { groupCustomers, validateSummaries, type CustomerSummary } from "./groups.ts";

export interface DiagnosticsRow {
  fit: string;
  model: "bgnbd" | "gamma_gamma";
  period_end: string | null;
  customers: number;
  log_likelihood: number | null;
  gradient_norm: number | null;
  evaluations: number | null;
  converged: boolean;
  usable: boolean;
  warning: string | null;
  /** What it means when the fit is on a boundary of the parameter space or flat in a parameter; null inside. */
  boundary: string | null;
  r: number | null; alpha: number | null; a: number | null; b: number | null;
  p: number | null; q: number | null; gamma: number | null;
  /** Gamma-Gamma assumes spend does not depend on frequency: their correlation among repeat buyers. */
  frequency_spend_correlation: number | null;
}

const noParameters = { r: null, alpha: null, a: null, b: null, p: null, q: null, gamma: null };

export function summariesFromRows(rows: Row[]): Array<CustomerSummary & { spend: number | null }> {
  return rows.map((row) => ({ x: Number(row.frequency), tx: Number(row.recency), T: Number(row.age), spend: row.repeat_spend === null ? null : Number(row.repeat_spend) }));
}

export function fitSummaries(fit: string, periodEnd: string | null, rows: Row[], problem: string | null): DiagnosticsRow[] {
  const base = { fit, period_end: periodEnd, boundary: null, log_likelihood: null, gradient_norm: null, evaluations: null, converged: false, usable: false, ...noParameters, frequency_spend_correlation: null };
  if (problem || rows.length === 0) {
    const warning = problem ?? "no customers with a purchase in the period";
    return [
      { ...base, model: "bgnbd", customers: 0, warning },
      { ...base, model: "gamma_gamma", customers: 0, warning },
    ];
  }
  const summaries = summariesFromRows(rows);
  // Days as the time unit: T may be 0 for a customer whose first purchase is on the period's last day.
  validateSummaries(summaries.map((s) => ({ ...s, T: s.T === 0 ? Number.MIN_VALUE : s.T })), `${fit} summary`);
  return [bgnbdRow(base, summaries), gammaGammaRow(base, repeatBuyerSpend(summaries))];
}

function bgnbdRow(base: Omit<DiagnosticsRow, "model" | "customers" | "warning">, summaries: CustomerSummary[]): DiagnosticsRow {
  let fit: BgNbdFit;
  try {
    fit = fitBgNbd(groupCustomers(summaries));
  } catch (error) {
    return { ...base, model: "bgnbd", customers: summaries.length, warning: `BG/NBD could not be fitted: ${(error as Error).message}` };
  }
  const { a, b } = fit.parameters;
  // Eq. 10 divides by a - 1; right at a = 1 the expectation loses its digits to cancellation. For
  // x = 0 its 2F1 has c = a + b - 1, which must keep clear of the pole at 0 (a > 0 only: at a = 0
  // the NBD limit needs no series).
  const nearOne = fit.converged && Math.abs(a - 1) < 1e-4;
  const atPole = fit.converged && a > 0 && nearPole(a + b - 1);
  const warning = !fit.converged
    ? `BG/NBD did not converge (largest gradient ${fit.gradientNorm.toExponential(2)} per customer after ${fit.evaluations} evaluations); its predictions are withheld`
    : nearOne ? `BG/NBD a = ${a} is within 1e-4 of 1, where the conditional expectation loses precision; predictions are withheld`
      : atPole ? `BG/NBD a + b = ${a + b} is within rounding of 1, where the expectation's hypergeometric series has a pole; predictions are withheld`
        : null;
  return {
    ...base, model: "bgnbd", customers: fit.customers, log_likelihood: fit.logLikelihood, gradient_norm: fit.gradientNorm,
    evaluations: fit.evaluations, converged: fit.converged, usable: fit.converged && !nearOne && !atPole, warning,
    boundary: fit.converged ? bgnbdBoundary(fit) : null,
    // At a = 0 the likelihood does not depend on b: there is no estimate of b to publish.
    ...fit.parameters, b: a === 0 ? null : b,
  };
}

const significant = (value: number) => value.toPrecision(3);

/** Flat parameters other than those a boundary already explains, in words. */
function flatText(flat: FlatParameter[], explained: string[]): string[] {
  return flat.filter((f) => !explained.includes(f.name)).map((f) => f.atZero
    ? `${f.name} at its lower bound 0 (the likelihood rises all the way there; the fit stopped at ${significant(f.value)})`
    : `the likelihood is flat in ${f.name} (${significant(f.value)}), so the data do not identify it`);
}

/**
 * a -> 0 is the BG/NBD boundary where the beta distribution of dropout probabilities piles onto
 * p = 0 (mean a / (a + b) = 0): nobody drops out and the model is the NBD (Fader, Hardie & Lee
 * 2005). Predictions are then the NBD's: P(alive) = 1 and (r + x) t / (alpha + T) purchases.
 */
function bgnbdBoundary(fit: BgNbdFit): string | null {
  if (fit.parameters.a === 0) {
    const stoppedAt = fit.flat.find((f) => f.name === "a")!.value;
    return [
      `a at its lower bound: the model finds almost no dropout. The likelihood rises all the way to a = 0 (the fit stopped at a = ${significant(stoppedAt)} and is reported at a = 0), where BG/NBD is the NBD model: nobody drops out, P(alive) is 1 for every customer and expected purchases are (r + x) t / (alpha + T). b then has no effect on the likelihood and is not estimated`,
      ...flatText(fit.flat, ["a", "b"]),
    ].join("; ");
  }
  const others = flatText(fit.flat, []);
  return others.length ? others.join("; ") : null;
}

function gammaGammaRow(base: Omit<DiagnosticsRow, "model" | "customers" | "warning">, { x, m }: SpendData): DiagnosticsRow {
  let fit: GammaGammaFit;
  try {
    fit = fitGammaGamma({ x, m });
  } catch (error) {
    return { ...base, model: "gamma_gamma", customers: x.length, warning: `Gamma-Gamma could not be fitted: ${(error as Error).message}` };
  }
  // Expected spend needs q > 1 (the population mean spend p * gamma / (q - 1) is finite).
  const usable = fit.converged && fit.parameters.q > 1;
  const warning = !fit.converged
    ? `Gamma-Gamma did not converge (largest gradient ${fit.gradientNorm.toExponential(2)} per customer after ${fit.evaluations} evaluations); predicted value is withheld`
    : fit.parameters.q <= 1 ? `Gamma-Gamma q = ${fit.parameters.q.toFixed(3)} is not above 1, so mean spend has no finite expectation; predicted value is withheld` : null;
  return {
    ...base, model: "gamma_gamma", customers: fit.customers, log_likelihood: fit.logLikelihood, gradient_norm: fit.gradientNorm,
    evaluations: fit.evaluations, converged: fit.converged, usable, warning, boundary: fit.converged && fit.flat.length ? flatText(fit.flat, []).join("; ") : null,
    ...fit.parameters, frequency_spend_correlation: correlation(x, m),
  };
}

function correlation(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 3) return null;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}
