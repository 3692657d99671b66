// The predictive value page's two charts: the holdout check (mean purchase days actual against
// predicted, by repeat purchases before the holdout) and mean P(alive) by repeats and days quiet.
import * as Plot from "npm:@observablehq/plot";
import { html } from "npm:htl";
import { chartWidth } from "./chart-width.js";
import { formatCount, formatFixed, formatPercent } from "./format.js";

/** Labels in the order of their bins. */
const labelsBy = (rows, bin, label) => [...new Set([...rows].sort((a, b) => a[bin] - b[bin]).map((d) => d[label]))];

/** `bins`: clv_holdout_by_frequency. */
export function HoldoutChart(bins, { width }) {
  if (!bins.length) return html`<p class="muted">No holdout predictions to chart in this build.</p>`;
  const long = bins.flatMap((d) => [
    { group: d.frequency_label, series: "Actual", purchases: d.actual_mean_purchases, customers: d.customers },
    { group: d.frequency_label, series: "Predicted", purchases: d.predicted_mean_purchases, customers: d.customers },
  ]);
  return Object.assign(Plot.plot({
    width: chartWidth(width),
    height: 280,
    marginLeft: 44,
    x: { label: "Repeat purchase days before the holdout →", domain: bins.map((d) => d.frequency_label), padding: 0.3 },
    y: { label: "↑ Mean purchase days in the holdout", grid: true, zero: true },
    color: { domain: ["Actual", "Predicted"], range: ["var(--theme-foreground-muted)", "#1f77b4"], legend: true },
    marks: [
      Plot.line(long, { x: "group", y: "purchases", stroke: "series", strokeDasharray: (d) => (d.series === "Predicted" ? "5,3" : null) }),
      Plot.dot(long, { x: "group", y: "purchases", fill: "series", r: 3.5, tip: true, title: (d) => `${d.series}: ${formatFixed(d.purchases, 2)} (${formatCount(d.customers, "customer")} with ${d.group} repeats)` }),
      Plot.ruleY([0]),
    ],
  }), { id: "clv-holdout-chart" });
}

/** `grid`: clv_palive_grid, a cell per bin of repeat purchase days and of days since the last purchase. */
export function PAliveHeatmap(grid, { width }) {
  if (!grid.length) return html`<p class="muted">No P(alive) in this build: the fit that gives it is not usable (see the warning at the top).</p>`;
  const frequencyOrder = labelsBy(grid, "frequency_bin", "frequency_label");
  return Object.assign(Plot.plot({
    width: chartWidth(width),
    height: 40 + 30 * frequencyOrder.length,
    marginLeft: 50,
    padding: 0.05,
    x: { label: "Days since the last purchase →", domain: labelsBy(grid, "inactive_bin", "inactive_label") },
    y: { label: "Repeat purchase days", domain: frequencyOrder.slice().reverse() },
    color: { type: "linear", domain: [0, 1], scheme: "blues", legend: true, label: "Mean P(alive)" },
    marks: [
      Plot.cell(grid, { x: "inactive_label", y: "frequency_label", fill: "mean_p_alive", tip: true, title: (d) => `${formatCount(d.customers, "customer")}, mean P(alive) ${formatPercent(d.mean_p_alive)}` }),
      Plot.text(grid, { x: "inactive_label", y: "frequency_label", text: (d) => formatPercent(d.mean_p_alive, 0), fill: (d) => (d.mean_p_alive > 0.55 ? "white" : "black"), fontSize: 10 }),
    ],
  }), { id: "clv-palive-heatmap" });
}
