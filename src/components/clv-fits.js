// What the predictive value page reads out of the fits (clv_fit_diagnostics) and tiers
// (clv_tier_summary): each fit by period and model, the warnings and boundary notes to show first,
// the ranked tiers' totals, and the table of parameters of both periods.
import { html } from "npm:htl";
import { formatFixed, formatInteger, formatPercent, formatSignificant } from "./format.js";

const modelName = (model) => (model === "bgnbd" ? "BG/NBD" : "Gamma-Gamma");
const sum = (rows, key) => rows.reduce((s, d) => s + Number(d[key] ?? 0), 0);

/** The fit of a period ("full", "calibration") and model ("bgnbd", "gamma_gamma"), or {} when absent. */
export function fitOf(fits, period, model) {
  return fits.find((d) => d.fit === period && d.model === model) ?? {};
}

/** The tiers' totals: predicted customers and value (tiers "Not predicted" and "No net value" are not buyers ranked). */
export function tierTotals(tiers) {
  const predicted = tiers.filter((d) => d.predictive_tier !== "Not predicted" && d.predictive_tier !== "No net value");
  return {
    predictedCustomers: sum(predicted, "customers"),
    totalValue: sum(predicted, "predicted_value"),
    likelyActive: sum(tiers, "likely_active"),
    customers: sum(tiers, "customers"),
    noNetValue: tiers.find((d) => d.predictive_tier === "No net value")?.customers ?? 0,
    top: tiers.find((d) => d.display_order === 1) ?? null,
  };
}

/**
 * The fits' warnings (and a series of expected purchases that did not converge for some customers)
 * or the sentence that all converged; a converged fit on a boundary of the parameter space (BG/NBD's
 * a at 0: no dropout) in the words of clv_fit_diagnostics.boundary.
 */
export function FitChecks(fits, tiers) {
  const unconverged = sum(tiers, "unconverged_series");
  const warnings = [
    ...fits.filter((d) => d.warning),
    ...(unconverged > 0 ? [{ fit: "full", model: "bgnbd", warning: `for ${unconverged} customers the series behind expected purchases did not converge (column series_converged); their expected purchases and value are approximate` }] : []),
  ];
  const boundaries = fits.filter((d) => d.boundary);
  const largestGradient = Math.max(...fits.map((d) => d.gradient_norm ?? -Infinity));
  return html`${warnings.length
    ? html`<div class="warning" data-clv-warning><p><b>Not every fit can be trusted in this build.</b></p><ul>${warnings.map((d) => html`<li>${d.fit} period, ${modelName(d.model)}: ${d.warning}</li>`)}</ul></div>`
    : html`<p class="small muted" data-clv-converged>All four fits converged: the largest gradient of the mean log-likelihood at any optimum is ${Number.isFinite(largestGradient) ? largestGradient.toExponential(1) : ""}.</p>`}${boundaries.length
    ? html`<div class="note" data-clv-boundary><p><b>${boundaries.length === 1 ? "A fit lies" : "Fits lie"} on a boundary of the model.</b></p><ul>${boundaries.map((d) => html`<li>${d.fit} period, ${modelName(d.model)}: ${d.boundary}.</li>`)}</ul></div>`
    : ""}`;
}

/** Mean dropout to two significant digits when below 1% (Online Retail's full fit: 0.043%, not "0.0%"). */
export function formatDropout(share) {
  return formatPercent(share, Math.max(1, 1 - Math.floor(Math.log10(100 * share))));
}

/** Parameters to four significant digits; log-likelihoods to the cent and counts in full. */
export function formatParameter(value) {
  if (Number.isInteger(value)) return formatInteger(value);
  return Math.abs(value) >= 1000 ? formatFixed(value, 2) : formatSignificant(value, 4);
}

/** Rows of the parameter table: each parameter, log-likelihood and count of both models, calibration and full period. */
export function parameterRows(fits) {
  const row = (model, parameter, key) => ({ model: modelName(model), parameter, calibration: fitOf(fits, "calibration", model)[key], full: fitOf(fits, "full", model)[key] });
  return [
    ...[["r", "r"], ["α", "alpha"], ["a", "a"], ["b", "b"]].map(([label, key]) => row("bgnbd", label, key)),
    ...[["p", "p"], ["q", "q"], ["γ", "gamma"]].map(([label, key]) => row("gamma_gamma", label, key)),
    row("bgnbd", "log-likelihood", "log_likelihood"),
    row("gamma_gamma", "log-likelihood", "log_likelihood"),
    row("bgnbd", "customers", "customers"),
    row("gamma_gamma", "repeat buyers", "customers"),
  ];
}
