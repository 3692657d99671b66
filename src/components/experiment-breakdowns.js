// The experiment report's exploratory breakdowns: the metrics that have slices, and for one metric
// and dimension (device, country or channel) the warning that these are many comparisons and the
// table of slices, largest first, the slice of users without the property last.
import { html } from "npm:htl";
import { dash, formatCount, formatInterval, formatP, formatRelative, liftFormat, valueFormat } from "./experiment-format.js";
import { plural } from "./format.js";
import { twoLineCell as cell } from "./two-line-cell.js";

export const breakdownDimensions = ["device", "country", "channel"];

/** [metric, label] of every metric with breakdown rows, in the order of the rows. */
export function breakdownMetrics(slices) {
  return [...new Map(slices.map((d) => [d.metric, d.metric_label])).entries()];
}

/** Slices of one dimension, the largest first and the slice "(none)" last. */
export function orderSlices(rows, size) {
  return [...rows].sort((a, b) => (a.slice === "(none)") - (b.slice === "(none)") || size(b) - size(a) || (a.slice < b.slice ? -1 : 1));
}

function warning(own, alpha) {
  const flagged = own.filter((d) => d.significant).length;
  return html`<div id="breakdown-warning" class="check check-warning"><p><b>Exploratory.</b> These are ${own[0].comparisons} comparisons of ${own[0].metric_label}
    (every slice of device, country and channel, every variant), and some will differ by chance alone. Their p-values are corrected
    together by Benjamini-Hochberg (false discovery rate at ${alpha}); the intervals are not corrected. A slice that stands out is a question
    for a new test planned for it, not a result of this one. ${flagged ? `${flagged} slice ${plural(flagged, "comparison")} ${plural(flagged, "remains", "remain")} below α after the correction.` : "None remains below α after the correction."}
    Users are sliced by the session they were assigned in; those without the property are the slice (none).</p></div>`;
}

/** `slices`: experiment_breakdowns of one experiment. */
export function BreakdownSection(slices, { metric, dimension, money, alpha }) {
  const own = slices.filter((d) => d.metric === metric);
  if (!own.length) return html`<p>${dash}</p>`;
  const shown = orderSlices(own.filter((d) => d.dimension === dimension), (d) => d.users + d.control_users);
  const value = valueFormat(own[0], money);
  const lift = liftFormat(own[0], money);
  const relative = (x) => formatRelative(x);
  return html`${warning(own, alpha)}<div class="table-scroll"><table class="metric-table breakdown-table">
    <thead><tr><th>${dimension}</th><th>variant</th><th class="num">users (control / variant)</th>
      <th class="num">control</th><th class="num">variant</th><th class="num">lift</th><th class="num">relative lift</th>
      <th class="num">p</th><th class="num">p (Benjamini-Hochberg)</th></tr></thead>
    <tbody>${shown.map((d) => html`<tr data-slice=${d.slice} data-variant=${d.variant}>
      <td>${d.slice}</td><td>${d.variant}</td>
      <td class="num">${formatCount(d.control_users)} / ${formatCount(d.users)}</td>
      <td class="num">${value(d.control_value)}</td><td class="num">${value(d.value)}</td>
      <td class="num">${cell(lift(d.abs_lift), formatInterval(d.abs_lift_ci_low, d.abs_lift_ci_high, lift))}</td>
      <td class="num">${cell(formatRelative(d.rel_lift), formatInterval(d.rel_lift_ci_low, d.rel_lift_ci_high, relative))}</td>
      <td class="num">${formatP(d.p_value)}</td><td class="num"><b>${formatP(d.p_value_adjusted)}</b></td>
    </tr>`)}</tbody></table></div>`;
}
