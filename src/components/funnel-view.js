// What the funnels page shows of a funnel's step rows (funnel_steps' columns, built or recomputed):
// the whole funnel summed over breakdown values, its narrative figures, the step and breakdown
// tables, and the charts of steps, time to convert and weekly conversion.
import * as Plot from "npm:@observablehq/plot";
import * as d3 from "npm:d3";
import { timeBins } from "./funnel-sql.js";
import { formatCompact, formatDuration, formatPercent } from "./format.js";

export const unitNoun = (unit) => (unit === "sessions" ? "sessions" : "users");

/** The whole funnel per step: with a breakdown, the sum over its values (each unit is in exactly one). */
export function overallSteps(rows) {
  const sum = (v, c) => d3.sum(v, (d) => d[c]);
  return d3.rollups(rows, (v) => ({
    step_index: v[0].step_index, step_name: v[0].step_name,
    ...Object.fromEntries(["entered", "converted", "dropped", "still_in_window", "rate_units", "rate_first_units", "rate_previous_units"].map((c) => [c, sum(v, c)])),
  }), (d) => d.step_index).map(([, v]) => v).sort((a, b) => a.step_index - b.step_index);
}

/** The narrative's figures: first and last step, the step with the largest loss, units still in their window. */
export function funnelSummary(overall) {
  const rate = (d) => d.rate_units / d.rate_previous_units;
  return {
    first: overall[0], last: overall[overall.length - 1],
    worst: overall.slice(1).reduce((w, d) => (!w || rate(d) < rate(w) ? d : w), null),
    stillInWindow: d3.sum(overall, (d) => d.still_in_window),
  };
}

/** The step table: with its Wilson intervals when the rows are the whole funnel, else the summed steps' rates. */
export function stepTableRows(rows, overall, breakdown) {
  const range = (d, c) => `${formatPercent(d[c])} (${formatPercent(d[`${c}_low`])}–${formatPercent(d[`${c}_high`])})`;
  const counts = (d) => ({ step: d.step_index, name: d.step_name, entered: d.entered, converted: d.converted, dropped: d.dropped, "still in window": d.still_in_window });
  if (!breakdown) return rows.map((d) => ({ ...counts(d), "from previous": range(d, "conversion_from_previous"), "from first": range(d, "conversion_from_first") }));
  return overall.map((d, i) => ({ ...counts(d), "from previous": formatPercent(i === 0 ? 1 : d.rate_units / d.rate_previous_units), "from first": formatPercent(d.rate_units / d.rate_first_units) }));
}

/** Per breakdown value: units with a closed window, those who completed, and the conversion with its interval. */
export function breakdownRows(rows) {
  const n = d3.max(rows, (d) => d.step_index);
  return rows.filter((d) => d.step_index === n).map((d) => ({ value: d.value, entered: d.rate_first_units, completed: d.rate_units, conversion: d.conversion_from_first, low: d.conversion_from_first_low, high: d.conversion_from_first_high }));
}

/** Bars per step: went on, dropped and still in window. */
export function stepBars(overall, { width, unit }) {
  return Plot.plot({
    width: Math.max(320, width),
    height: 60 + 44 * overall.length,
    marginLeft: Math.min(180, Math.max(90, width * 0.3)),
    x: { label: unitNoun(unit), grid: true, nice: true },
    y: { label: null, domain: overall.map((d) => d.step_name) },
    color: { domain: ["went on", "dropped", "still in window"], range: ["var(--theme-foreground-focus)", "#d9534f", "#999"], legend: true },
    marks: [
      Plot.barX(overall.flatMap((d) => [
        { step: d.step_name, part: "went on", n: d.converted },
        { step: d.step_name, part: "dropped", n: d.dropped },
        { step: d.step_name, part: "still in window", n: d.still_in_window },
      ]), { y: "step", x: "n", fill: "part", tip: true }),
      Plot.ruleX([0]),
    ],
  });
}

/** Time to convert per step (funnel_time_to_convert's rows with step_name): its table rows. */
export const timeTableRows = (timeRows, steps) => timeRows.map((d) => ({ step: `${steps[d.step_index - 2].event} → ${d.step_name}`, units: d.units, median: formatDuration(d.median_seconds), p90: formatDuration(d.p90_seconds), "median from first step": formatDuration(d.median_seconds_from_first) }));

/** Time to convert per step: a histogram over timeBins, one row of bars per step. */
export function timeToConvertChart(timeRows, { width, unit }) {
  return Plot.plot({
    width: Math.max(320, width), height: 40 + 90 * timeRows.length, marginBottom: 50, marginRight: 100,
    // Counts as 10K, not 10,000: a phone's 390 px leave the y axis too little room for the digits.
    // The rows' padding keeps one row's top tick clear of the baseline of the row above.
    x: { label: null, domain: timeBins.map((b) => b.label), tickRotate: -30 }, y: { label: unitNoun(unit), grid: true, ticks: 3, tickFormat: formatCompact },
    fy: { label: null, domain: timeRows.map((d) => d.step_name), padding: 0.25 },
    marks: [Plot.barY(timeRows.flatMap((d) => timeBins.map((b, i) => ({ bin: b.label, n: d[`bin_${i + 1}`], step: d.step_name }))), { x: "bin", y: "n", fy: "step", fill: "var(--theme-foreground-focus)", tip: true }), Plot.ruleY([0])],
  });
}

/**
 * Conversion by week of entry with its interval. Weeks whose entrants are mostly still in their window
 * would show the few early finishers as the rate: they are not drawn (`omitted` counts them).
 */
export function weeklyTrend(trendRows, { width }) {
  const drawn = trendRows.filter((d) => d.rate_units >= d.still_in_window && d.rate_units > 0);
  const chart = Plot.plot({
    width: Math.max(320, width), height: 240, y: { label: "completed", tickFormat: "%", grid: true, domain: [0, Math.min(1, (d3.max(drawn, (d) => d.conversion_high) ?? 1) * 1.1)] }, x: { type: "utc", label: null },
    marks: [Plot.areaY(drawn, { x: "entry_week", y1: "conversion_low", y2: "conversion_high", fillOpacity: 0.2 }), Plot.lineY(drawn, { x: "entry_week", y: "conversion", tip: true })],
  });
  return { chart, omitted: trendRows.length - drawn.length };
}

/** The build's drop-offs after one step, counted by an event column (next_event or last_event), most common first. */
export function dropoffCounts(droppedHere, key) {
  return d3.rollups(droppedHere, (v) => d3.sum(v, (d) => d.units), (d) => d[key] ?? "(nothing more)").sort((a, b) => b[1] - a[1] || d3.ascending(a[0], b[0]));
}
