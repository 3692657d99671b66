// The experiment report's CUPED section: why it is off (one sentence when every metric is off for
// the same reason), or what it bought, the raw and adjusted lifts side by side, and the method.
import { html } from "npm:htl";
import { dash, formatInterval, formatP, formatRelative, liftFormat } from "./experiment-format.js";
import { cupedAppliedText, cupedOffText, cupedPrePeriodDays } from "./experiment-text.js";
import { formatPercent } from "./format.js";
import { twoLineCell as cell } from "./two-line-cell.js";

const relative = (x) => formatRelative(x);

function cupedRow(d, money) {
  const lift = liftFormat(d, money);
  const on = d.cuped_status === "applied";
  return html`<tr data-metric=${d.metric} data-variant=${d.variant}>
    <td>${d.metric_label}</td><td>${d.variant}</td>
    <td class="num">${on ? formatPercent(d.variance_reduction) : html`<small>${d.cuped_status}</small>`}</td>
    <td class="num">${cell(lift(d.abs_lift), formatInterval(d.abs_lift_ci_low, d.abs_lift_ci_high, lift))}</td>
    <td class="num">${on ? cell(lift(d.adjusted_abs_lift), formatInterval(d.adjusted_abs_lift_ci_low, d.adjusted_abs_lift_ci_high, lift)) : dash}</td>
    <td class="num">${cell(formatRelative(d.rel_lift), formatInterval(d.rel_lift_ci_low, d.rel_lift_ci_high, relative))}</td>
    <td class="num">${on ? cell(formatRelative(d.adjusted_rel_lift), formatInterval(d.adjusted_rel_lift_ci_low, d.adjusted_rel_lift_ci_high, relative)) : dash}</td>
    <td class="num">${formatP(d.p_value)}</td><td class="num">${on ? formatP(d.adjusted_p_value) : dash}</td>
    <td class="num">${on ? `${Math.round(100 * d.interval_width_ratio)}% of it` : dash}</td>
  </tr>`;
}

function CupedTable(rows, money) {
  return html`<div class="table-scroll"><table class="metric-table cuped-table">
    <thead><tr><th>metric</th><th>variant</th><th class="num">variance reduction</th>
      <th class="num">lift</th><th class="num">lift with CUPED</th><th class="num">relative lift</th><th class="num">relative lift with CUPED</th>
      <th class="num">p</th><th class="num">p with CUPED</th><th class="num">interval width with CUPED</th></tr></thead>
    <tbody>${rows.map((d) => cupedRow(d, money))}</tbody></table></div>`;
}

/** `rows`: experiment_cuped of one experiment, in display order. */
export function CupedSection(rows, { money, settings }) {
  const on = rows.filter((d) => d.cuped_status === "applied");
  const off = rows.filter((d) => d.cuped_status !== "applied");
  const notes = (list) => [...new Set(list.map((d) => d.cuped_note))];
  if (on.length === 0 && notes(rows).length === 1) return html`<div id="cuped" class="check">${cupedOffText(rows, settings)}</div>`;
  return html`<div id="cuped" class="check">${on.length ? cupedAppliedText(rows, settings) : ""}${CupedTable(rows, money)}<p>CUPED (Deng et al., 2013) subtracts from each user's outcome the part predicted by the same
    metric in the ${cupedPrePeriodDays(settings)} days before assignment: y − θ (x − mean x), with θ = cov(y, x) / var(x) pooled within the arms.
    Randomisation makes the pre-period unrelated to the arm, so the lift it estimates is the same; what goes is noise the users brought with them.
    <b>Variance reduction</b> is 1 − var(adjusted) / var(raw); the interval shrinks by about the square root of what remains.
    Both lifts here come from the same users by Welch's t, so they differ only by the adjustment (the rates' Newcombe intervals in the table above differ slightly).
    ${off.length ? html.fragment`Off for ${[...new Set(off.map((d) => d.metric_label))].join(", ")}: ${notes(off).join("; ")}.` : ""}</p></div>`;
}
