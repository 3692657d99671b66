// The experiment figures: planned against observed split, lift intervals, cumulative lift.
// Plain functions of mart rows (JSON), composed on the pages.
import * as Plot from "npm:@observablehq/plot";
import { chartWidth, labelMargin, fitLabel } from "./chart-width.js";
import { formatPoints, formatRate, formatRelative } from "./experiment-format.js";
import { formatCount, formatInteger, formatIsoDate } from "./format.js";

// Tone names must not be CSS colours ("none" is one): Plot would paint the value itself.
const verdictColours = { improvement: "#2e7d32", harm: "#c62828", "not significant": "#607d8b" };

/** Observed share of users per variant (bars) against the planned share (black tick). */
export function AllocationChart(rows, { width = 640 } = {}) {
  width = chartWidth(width, { max: Infinity });
  const marginLeft = labelMargin(width, 150, { plotShare: 0.6 });
  const data = rows.map((d) => ({ ...d, label: `${d.variant}${d.is_control ? " (control)" : ""}` }));
  return Plot.plot({
    width,
    height: 60 + 36 * data.length,
    marginLeft,
    x: { label: "Share of users →", domain: [0, 1], tickFormat: (d) => formatRate(d, 0), grid: true, ticks: width < 500 ? 4 : 10 },
    y: { label: null, domain: data.map((d) => d.label), axis: null },
    marks: [
      Plot.barX(data, { x: "observed_share", y: "label", fill: "#9ab8d8", tip: { format: { x: (d) => formatRate(d) } }, title: (d) => `${d.label}\n${formatCount(d.users, "user")} (${formatRate(d.observed_share)})\nplanned ${formatRate(d.planned_share)}` }),
      Plot.axisY({ label: null, tickSize: 0, ...fitLabel(marginLeft) }),
      Plot.tickX(data, { x: "planned_share", y: "label", stroke: "currentColor", strokeWidth: 3 }),
      Plot.text(data, { x: "observed_share", y: "label", text: (d) => `${formatInteger(d.users)} (${formatRate(d.observed_share)})`, dx: 6, textAnchor: "start" }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * Relative lift of each variant on each metric with its interval: dot = estimate, line = interval,
 * coloured by the corrected verdict. Comparisons without an interval are left out.
 */
export function LiftIntervals(rows, { width = 640 } = {}) {
  width = chartWidth(width, { max: Infinity });
  const marginLeft = labelMargin(width, 200);
  const data = rows
    .filter((d) => !d.is_control && d.rel_lift !== null)
    .map((d) => ({ ...d, label: `${d.metric_label}: ${d.variant}`, tone: d.significant ? (d.rel_lift > 0 ? "improvement" : "harm") : "not significant" }));
  const extent = Math.max(0.01, ...data.flatMap((d) => [Math.abs(d.rel_lift_ci_low ?? d.rel_lift), Math.abs(d.rel_lift_ci_high ?? d.rel_lift)]));
  return Plot.plot({
    width,
    height: 50 + 40 * data.length,
    marginLeft,
    x: { label: "Relative lift over control →", domain: [-extent * 1.1, extent * 1.1], tickFormat: (d) => formatRelative(d, 0), grid: true, ticks: width < 500 ? 4 : 10 },
    y: { label: null, domain: data.map((d) => d.label), axis: null },
    color: { domain: Object.keys(verdictColours), range: Object.values(verdictColours) },
    marks: [
      Plot.axisY({ label: null, tickSize: 0, ...fitLabel(marginLeft) }),
      Plot.ruleX([0], { stroke: "currentColor" }),
      Plot.ruleY(data, { y: "label", x1: "rel_lift_ci_low", x2: "rel_lift_ci_high", stroke: "tone", strokeWidth: 3 }),
      Plot.dot(data, { y: "label", x: "rel_lift", fill: "tone", r: 5, title: (d) => `${d.label}\n${formatRelative(d.rel_lift)} (${formatRelative(d.rel_lift_ci_low)} to ${formatRelative(d.rel_lift_ci_high)})` }),
    ],
  });
}

/**
 * Cumulative absolute lift in conversion by day of assignment, with its interval as a band. The
 * vertical scale fits the days after the first `settled` share of users: the very first days'
 * bands are so wide they would flatten the rest, so they run off the chart's edge (clipped).
 */
export function CumulativeLift(rows, { width = 640, settled = 0.05 } = {}) {
  width = chartWidth(width, { max: Infinity });
  const data = rows.map((d) => ({ ...d, day: new Date(d.day) }));
  const finalUsers = new Map();
  for (const d of data) finalUsers.set(d.variant, Math.max(finalUsers.get(d.variant) ?? 0, d.users + d.control_users));
  const fitted = data.filter((d) => d.users + d.control_users >= settled * finalUsers.get(d.variant) && d.abs_lift_ci_low !== null);
  const values = [0, ...fitted.flatMap((d) => [d.abs_lift_ci_low, d.abs_lift_ci_high])];
  return Plot.plot({
    width,
    height: 300,
    x: { type: "utc", label: "Users assigned up to →", ticks: width < 500 ? 4 : undefined },
    y: { label: "↑ Lift in conversion (percentage points)", domain: [Math.min(...values), Math.max(...values)], nice: true, clamp: false, tickFormat: (d) => formatPoints(d, 1), grid: true },
    clip: true,
    color: { legend: new Set(data.map((d) => d.variant)).size > 1 },
    marks: [
      Plot.areaY(data, { x: "day", y1: "abs_lift_ci_low", y2: "abs_lift_ci_high", fill: "variant", fillOpacity: 0.2, curve: "step-after" }),
      // The always-valid (mSPRT) interval: dashed, wider, safe to read on any day.
      Plot.lineY(data, { x: "day", y: "sequential_abs_ci_low", z: "variant", stroke: "variant", strokeDasharray: "4,3", curve: "step-after" }),
      Plot.lineY(data, { x: "day", y: "sequential_abs_ci_high", z: "variant", stroke: "variant", strokeDasharray: "4,3", curve: "step-after" }),
      Plot.lineY(data, { x: "day", y: "abs_lift", stroke: "variant", curve: "step-after", tip: true, title: (d) => `${formatIsoDate(d.day)}: ${formatPoints(d.abs_lift)} (${formatPoints(d.abs_lift_ci_low)} to ${formatPoints(d.abs_lift_ci_high)})\n${formatInteger(d.users)} vs ${formatCount(d.control_users, "user")}` }),
      Plot.ruleY([0], { stroke: "currentColor" }),
    ],
  });
}

/** The primary metric of every experiment: relative lift and interval, one row per experiment. */
export function ExperimentForest(summaries, { width = 640 } = {}) {
  width = chartWidth(width, { max: Infinity });
  const marginLeft = labelMargin(width, 200);
  const data = summaries
    .filter((d) => d.rel_lift !== null)
    .map((d) => ({ ...d, tone: d.verdict === "significant improvement" ? "improvement" : d.verdict === "significant harm" ? "harm" : "not significant" }));
  const extent = Math.max(0.01, ...data.flatMap((d) => [Math.abs(d.rel_lift_ci_low ?? d.rel_lift), Math.abs(d.rel_lift_ci_high ?? d.rel_lift)]));
  return Plot.plot({
    width,
    height: 50 + 40 * data.length,
    marginLeft,
    x: { label: "Relative lift in the primary metric over control →", domain: [-extent * 1.1, extent * 1.1], tickFormat: (d) => formatRelative(d, 0), grid: true, ticks: width < 500 ? 4 : 10 },
    y: { label: null, domain: data.map((d) => d.experiment_id), axis: null },
    color: { domain: Object.keys(verdictColours), range: Object.values(verdictColours) },
    marks: [
      Plot.axisY({ label: null, tickSize: 0, ...fitLabel(marginLeft) }),
      Plot.ruleX([0], { stroke: "currentColor" }),
      Plot.ruleY(data, { y: "experiment_id", x1: "rel_lift_ci_low", x2: "rel_lift_ci_high", stroke: "tone", strokeWidth: 3 }),
      Plot.dot(data, { y: "experiment_id", x: "rel_lift", fill: "tone", r: 5, title: (d) => `${d.experiment_id}: ${formatRelative(d.rel_lift)} (${formatRelative(d.rel_lift_ci_low)} to ${formatRelative(d.rel_lift_ci_high)})\n${d.verdict}` }),
    ],
  });
}
