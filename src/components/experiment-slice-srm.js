// The experiment report's sample-ratio check per slice of one dimension: each slice's users per
// variant against the planned split, chi-square, p before and after Benjamini-Hochberg, and the
// badge at the experiment check's thresholds.
import { html } from "npm:htl";
import { orderSlices } from "./experiment-breakdowns.js";
import { dash, formatCount, formatP, formatRate, formatStatistic, srmLabels } from "./experiment-format.js";
import { sliceSrmText } from "./experiment-text.js";

/** `checks`: experiment_breakdown_srm of one experiment (a row per slice and variant). */
export function SliceSrmSection(checks, { dimension, settings }) {
  const shown = orderSlices(checks.filter((d) => d.dimension === dimension && d.is_control), (d) => d.slice_users);
  const armsOf = (d) => checks.filter((x) => x.dimension === d.dimension && x.slice === d.slice);
  const split = (d) => armsOf(d).map((a, i) => html.fragment`${i ? html.fragment`<br>` : ""}${a.variant} ${formatRate(a.observed_share, 1)} <small>(${formatRate(a.planned_share, 0)})</small>`);
  return html`<h3>Sample ratio by ${dimension}</h3>
  ${sliceSrmText(checks, settings)}
  <div class="table-scroll"><table class="metric-table slice-srm-table">
    <thead><tr><th>${dimension}</th><th class="num">users</th><th>split (planned)</th>
      <th class="num">χ²</th><th class="num">p</th><th class="num">p (Benjamini-Hochberg)</th><th>check</th></tr></thead>
    <tbody>${shown.map((d) => html`<tr data-slice=${d.slice}>
      <td>${d.slice}</td><td class="num">${formatCount(d.slice_users)}</td>
      <td style="white-space: nowrap">${split(d)}</td>
      <td class="num">${formatStatistic(d.chi_square, 2)}</td><td class="num">${formatP(d.p_value)}</td><td class="num">${formatP(d.p_value_adjusted)}</td>
      <td>${d.srm_status ? html`<span class="badge badge-${d.srm_status}">${srmLabels[d.srm_status]}</span>` : dash}</td>
    </tr>`)}</tbody></table></div>
  <p>Each slice's users per variant against the planned split (chi-square goodness of fit, as the experiment's own check), corrected
  over all ${checks.find((d) => d.is_control)?.slices_tested ?? 0} slices of device, country and channel by Benjamini-Hochberg; the badge reads the corrected p at the
  experiment check's thresholds (${settings.srm_warning_p} and ${settings.srm_invalid_p}).</p>`;
}
