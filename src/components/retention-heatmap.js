// Cohorts down, periods since the first across: each cell is the share of the cohort active in
// that period (or in it or any later one), with counts and the 95% interval on hover. Periods that
// had not ended when the data did are hatched and labelled, never shown as a plain drop.
import * as Plot from "npm:@observablehq/plot";
import { formatInteger, formatPercent } from "./format.js";
import { chartWidth, labelMargin, fitLabel } from "./chart-width.js";
import { cohortLabel, periodNoun } from "./periods.js";

export const modes = {
  in_period: { label: "active in period k", rate: "retention_rate", low: "retention_low", high: "retention_high", count: "active_users" },
  in_or_after: { label: "active in period k or later", rate: "unbounded_retention_rate", low: "unbounded_retention_low", high: "unbounded_retention_high", count: "active_or_later_users" },
};

const percent = (value) => formatPercent(value);

export function RetentionHeatmap(rows, { grain = "month", mode = "in_period", maxPeriod = Infinity, width = 800 } = {}) {
  width = chartWidth(width, { max: Infinity });
  const m = modes[mode];
  const marginLeft = labelMargin(width, 110, { plotShare: 0.6 });
  const cells = rows.filter((d) => d.period <= maxPeriod).map((d) => ({
    cohort: cohortLabel(d, grain),
    cohortTitle: cohortLabel(d, grain, { long: true }),
    cohortStart: String(d.cohort_start).slice(0, 10),
    period: Number(d.period),
    rate: Number(d[m.rate]),
    low: Number(d[m.low]),
    high: Number(d[m.high]),
    count: Number(d[m.count]),
    size: Number(d.cohort_size),
    complete: Boolean(d.is_complete),
    pooled: Number(d.cohorts_pooled ?? 1),
  }));
  const cohorts = [...new Map(cells.map((d) => [d.cohortStart, d.cohort])).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, label]) => label);
  const periods = [...new Set(cells.map((d) => d.period))].sort((a, b) => a - b);
  // Period 0 is 100% by definition; the colour scale is set by the periods after it.
  const top = Math.max(0.05, ...cells.filter((d) => d.period > 0).map((d) => d.rate));
  // Rows as tall as a label for months, thinner for many cohorts, so the chart stays under ~1,500 px.
  const rowHeight = Math.max(2, Math.min(grain === "month" ? 26 : 14, 1500 / Math.max(1, cohorts.length)));
  const labelled = cells.length <= 400 && (width - marginLeft) / Math.max(1, periods.length) >= 34;
  const every = Math.ceil(cohorts.length / 40);
  // Period labels about 20 px apart at most, every 1, 2, 5, 10, ... (a phone has room for ~12).
  const tickStep = [1, 2, 5, 10, 20, 50, 100].find((step) => ((width - marginLeft) / periods.length) * step >= 20) ?? 200;
  const noun = periodNoun[grain];
  const cell = {
    x: "period",
    y: "cohort",
    fill: "rate",
    inset: 0.5,
    title: (d) => [
      `${d.cohortTitle}${Number(d.pooled) > 1 ? "" : " cohort"}, ${noun} ${d.period}`,
      `${formatInteger(d.count)} of ${formatInteger(d.size)} ${m.label} (${percent(d.rate)})`,
      `95% interval ${percent(d.low)} – ${percent(d.high)}`,
      d.complete ? null : `this ${noun} had not ended when the data did`,
    ].filter(Boolean).join("\n"),
    tip: true,
  };
  const plot = Plot.plot({
    width,
    height: 60 + rowHeight * cohorts.length,
    marginLeft,
    padding: 0.04,
    x: { type: "band", domain: periods, label: `${noun}s since the cohort's first →`, axis: "top", tickFormat: (k) => (k % tickStep ? "" : k) },
    y: { type: "band", domain: cohorts, label: null, tickFormat: (d, i) => (i % every ? "" : d) },
    color: { type: "linear", scheme: "blues", domain: [0, top], clamp: true, label: `Share ${m.label}`, legend: true, tickFormat: "%" },
    marks: [
      Plot.cell(cells, { ...cell, filter: (d) => d.complete, className: "cells-complete" }),
      Plot.cell(cells, { ...cell, filter: (d) => !d.complete, className: "cells-open", fillOpacity: 0.35, stroke: "currentColor", strokeDasharray: "2,2" }),
      labelled
        ? Plot.text(cells, {
            x: "period",
            y: "cohort",
            text: (d) => `${Math.round(100 * d.rate)}${d.complete ? "" : "…"}`,
            fill: (d) => (d.rate > 0.6 * top && d.complete ? "white" : "black"),
            fontSize: 10,
            pointerEvents: "none",
          })
        : null,
    ],
  });
  // Plot draws one rect per datum in data order: label each with its cell, for readers' tools and tests.
  // Found by class, not position: Plot draws no group at all for a mark with no data (all complete).
  [["complete", cells.filter((d) => d.complete)], ["open", cells.filter((d) => !d.complete)]].forEach(([name, data]) => {
    plot.querySelector(`g.cells-${name}`)?.querySelectorAll("rect").forEach((rect, i) => {
      rect.setAttribute("data-cohort", data[i].cohortStart);
      rect.setAttribute("data-period", data[i].period);
      rect.setAttribute("data-complete", data[i].complete);
    });
  });
  return plot;
}
