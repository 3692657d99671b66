// Growth accounting as stacked bars: new, returning and resurrecting users above the axis, users
// who went dormant below it. The last period, if it had not ended, is drawn faint and marked.
import * as Plot from "npm:@observablehq/plot";
import { formatInteger } from "./format.js";
import { chartWidth, labelMargin, fitLabel } from "./chart-width.js";
import { periodLabel } from "./periods.js";

export const lifecycleStates = [
  { key: "returning_users", label: "Returning", sign: 1, color: "#4269d0" },
  { key: "new_users", label: "New", sign: 1, color: "#3ca951" },
  { key: "resurrecting_users", label: "Resurrecting", sign: 1, color: "#efb118" },
  { key: "dormant_users", label: "Dormant", sign: -1, color: "#ff725c" },
];

export function LifecycleBars(rows, { grain = "month", width = 800 } = {}) {
  width = chartWidth(width, { max: Infinity });
  const bars = rows.flatMap((d) => lifecycleStates.map((s) => ({
    period: new Date(d.period_start),
    label: periodLabel(d.period_start, grain),
    state: s.label,
    users: s.sign * Number(d[s.key]),
    count: Number(d[s.key]),
    complete: Boolean(d.is_complete),
  })));
  const interval = grain === "month" ? "month" : grain === "week" ? "monday" : "day";
  return Plot.plot({
    width,
    height: 380,
    x: { type: "utc", label: null },
    y: { label: "↑ users gained · users lost ↓", grid: true, tickFormat: (v) => formatInteger(Math.abs(v)) },
    color: { domain: lifecycleStates.map((s) => s.label), range: lifecycleStates.map((s) => s.color), legend: true },
    marks: [
      Plot.rectY(bars, {
        x: "period",
        interval,
        y: "users",
        fill: "state",
        fillOpacity: (d) => (d.complete ? 1 : 0.35),
        inset: grain === "day" || (width - 60) / Math.max(1, rows.length) < 4 ? 0 : 1,
        order: lifecycleStates.map((s) => s.label),
        title: (d) => `${d.label}${d.complete ? "" : " (not finished)"}\n${d.state}: ${formatInteger(d.count)}`,
        tip: true,
      }),
      Plot.ruleY([0]),
    ],
  });
}
