// The experiment report's table of every metric and variant: value with its interval, lifts with
// theirs, the fixed-horizon, corrected and always-valid p-values, the test, the chance to beat
// control and the minimum detectable lift; a row's warning (e.g. too few conversions) beneath it.
import { html } from "npm:htl";
import { formatCount, formatInterval, formatP, formatProbability, formatRelative, formatStatistic, liftFormat, successWord, valueFormat } from "./experiment-format.js";
import { twoLineCell as cell } from "./two-line-cell.js";

const shortTest = { "two-proportion z-test (pooled SE)": "z-test", "Fisher's exact test (two-sided)": "Fisher exact", "Welch's t-test": "Welch t" };
const relative = (x) => formatRelative(x);

function statistic(d) {
  if (d.statistic === null) return null;
  return d.metric_kind === "mean" ? `t = ${formatStatistic(d.statistic)}, df ${formatStatistic(d.df, 1)}` : `z = ${formatStatistic(d.statistic)}`;
}

function metricRow(d, money) {
  const value = valueFormat(d, money);
  const lift = liftFormat(d, money);
  const users = `${formatCount(d.users)} users${d.successes === null ? "" : `, ${formatCount(d.successes)} ${successWord(d)}`}`;
  const lifted = (content) => (d.is_control ? "" : content);
  return html`<tr data-metric=${d.metric} data-variant=${d.variant}>
    <td>${d.metric_label}${d.metric_role === "secondary" ? "" : html.fragment`<br><small>${d.metric_role}</small>`}</td>
    <td style="white-space: nowrap">${cell(`${d.variant}${d.is_control ? " (control)" : ""}`, users)}</td>
    <td class="num">${cell(value(d.value), formatInterval(d.value_ci_low, d.value_ci_high, value))}</td>
    <td class="num">${lifted(cell(lift(d.abs_lift), formatInterval(d.abs_lift_ci_low, d.abs_lift_ci_high, lift)))}</td>
    <td class="num">${lifted(cell(formatRelative(d.rel_lift), formatInterval(d.rel_lift_ci_low, d.rel_lift_ci_high, relative)))}</td>
    <td class="num">${lifted(formatP(d.p_value))}</td>
    <td class="num"><b>${lifted(formatP(d.p_value_adjusted))}</b></td>
    <td class="num">${lifted(cell(formatP(d.sequential_p_value), formatInterval(d.sequential_abs_ci_low, d.sequential_abs_ci_high, lift)))}</td>
    <td style="white-space: nowrap">${lifted(cell(shortTest[d.test] ?? d.test, statistic(d)))}</td>
    <td class="num">${lifted(formatProbability(d.chance_to_beat_control))}</td>
    <td class="num">${lifted(formatRelative(d.mde_rel))}</td>
  </tr>`;
}

/** `rows`: experiment_results of one experiment; `correction`: the multiple-comparison method's name. */
export function MetricTable(rows, { money, correction }) {
  return html`<div class="table-scroll"><table class="metric-table">
    <thead><tr><th>metric</th><th>variant</th>
      <th class="num">rate or mean</th><th class="num">lift</th><th class="num">relative lift</th>
      <th class="num">p</th><th class="num">p (${correction})</th><th class="num">p (always valid)</th><th>test</th><th class="num">chance to beat control</th>
      <th class="num">minimum detectable lift</th></tr></thead>
    <tbody>${rows.flatMap((d) => [metricRow(d, money), ...(d.warning ? [html`<tr class="warning-row"><td></td><td colspan="10"><small>⚠ ${d.warning}</small></td></tr>`] : [])])}</tbody>
  </table></div>`;
}
