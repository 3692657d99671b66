// The cohort page's lifecycle stages (cohort_stages) and cohort quality (cohort_quality) for one
// source: the stage-by-cohort grid, the quality table and the counts the text states.
import * as Plot from "npm:@observablehq/plot";
import { html } from "npm:htl";
import { chartWidth } from "./chart-width.js";
import { dash, formatInteger, formatPercent } from "./format.js";
import { periodLabel } from "./periods.js";
import { Table } from "./table.js";

/** The stage definitions in order, the stage cohort quality is judged on, and how many cohorts got each verdict. */
export function stageFacts(definitions, quality) {
  const stages = [...definitions].sort((a, b) => a.stage_order - b.stage_order);
  const counts = new Map();
  for (const d of quality) counts.set(d.quality, (counts.get(d.quality) ?? 0) + 1);
  return {
    stages,
    judgedOn: stages.find((d) => d.judges_cohort_quality)?.stage ?? null,
    judged: quality.filter((d) => d.quality !== "too early" && d.quality !== "no benchmark").length,
    verdict: (name) => counts.get(name) ?? 0,
  };
}

/** "Acquisition (month 0), Early (month 1–2), ..." */
export function StageList(stages) {
  return html`${stages.map((d, i) => html`${i ? ", " : ""}<strong>${d.stage}</strong> (month ${d.first_month}${d.last_month === null ? " onwards" : d.last_month === d.first_month ? "" : `–${d.last_month}`})`)}`;
}

/** Cohorts down, stages across: the share of the cohort active in the stage; unfinished stages faint. */
export function StageGrid(rows, stages, { money, width }) {
  return Plot.plot({
    width: chartWidth(width),
    height: 60 + 24 * new Set(rows.map((d) => d.cohort_start)).size,
    marginLeft: 90,
    padding: 0.05,
    x: { domain: stages.map((d) => d.stage), axis: "top", label: null },
    y: { type: "band", label: null, tickFormat: (d) => periodLabel(d, "month") },
    color: { scheme: "blues", domain: [0, 1], legend: true, tickFormat: "%", label: "Share active in the stage" },
    marks: [
      Plot.cell(rows, { x: "stage", y: "cohort_start", fill: "active_share", fillOpacity: (d) => (d.is_complete ? 1 : 0.35), inset: 0.5, tip: true,
        title: (d) => `${periodLabel(d.cohort_start, "month")} · ${d.stage}\n${formatInteger(d.active_users)} of ${formatInteger(d.cohort_size)} active (${formatPercent(d.active_share)})\n95% interval ${formatPercent(d.active_share_low)} – ${formatPercent(d.active_share_high)}\nrevenue per member ${money(d.revenue_per_member)}${d.is_complete ? "" : "\nstage not finished"}` }),
      Plot.text(rows, { x: "stage", y: "cohort_start", text: (d) => `${Math.round(100 * d.active_share)}${d.is_complete ? "" : "…"}`, fill: (d) => (d.active_share > 0.6 && d.is_complete ? "white" : "black"), pointerEvents: "none" }),
    ],
  });
}

/** One line per cohort: its share active in the judging stage, interval, benchmark and verdict. */
export function QualityTable(rows, { judgedOn, money }) {
  return Table(rows.map((d) => ({
    ...d,
    cohort: periodLabel(d.cohort_start, "month"),
    interval: d.active_share === null ? dash : `${formatPercent(d.active_share_low)} to ${formatPercent(d.active_share_high)}`,
  })), {
    columns: ["cohort", "cohort_size", "active_share", "interval", "benchmark_share", "quality", "revenue_per_member"],
    header: { cohort_size: "Members", active_share: `Active in ${judgedOn}`, interval: "95% interval", benchmark_share: "Other cohorts", quality: "Quality", revenue_per_member: `Revenue per member, ${judgedOn}` },
    format: { cohort_size: formatInteger, active_share: (v) => formatPercent(v), benchmark_share: (v) => formatPercent(v), revenue_per_member: money },
    rows: 14,
  });
}
