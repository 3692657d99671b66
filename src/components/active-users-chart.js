// One engagement series over time. Days whose trailing window reaches back before the first
// observed day undercount, so they are drawn faint and dashed rather than read as growth.
import * as Plot from "npm:@observablehq/plot";
import { formatInteger, formatIsoDate, formatPercent } from "./format.js";
import { chartWidth, labelMargin, fitLabel } from "./chart-width.js";

export function activeUsersSeries(windowDays) {
  return {
    dau: { label: "Daily active users (DAU)", value: "dau", complete: () => true, format: "integer" },
    wau: { label: "Weekly active users (WAU, 7 days)", value: "wau", complete: (d) => d.wau_complete, format: "integer" },
    mau: { label: `Monthly active users (MAU, ${windowDays} days)`, value: "mau", complete: (d) => d.mau_complete, format: "integer" },
    stickiness: { label: "Stickiness: DAU / MAU", value: "stickiness", complete: (d) => d.mau_complete, format: "percent" },
    stickiness_window_mean: { label: `Stickiness, ${windowDays}-day mean DAU / MAU`, value: "stickiness_window_mean", complete: (d) => d.mau_complete, format: "percent" },
    wau_mau: { label: "WAU / MAU", value: "wau_mau", complete: (d) => d.mau_complete, format: "percent" },
  };
}

export function ActiveUsersChart(rows, { series, width = 800 } = {}) {
  width = chartWidth(width, { max: Infinity });
  const points = rows.map((d) => ({ date: new Date(d.activity_date), value: d[series.value] === null ? NaN : Number(d[series.value]), complete: Boolean(series.complete(d)) }));
  const percent = series.format === "percent";
  return Plot.plot({
    width,
    height: 320,
    x: { type: "utc", label: null },
    y: { label: `↑ ${series.label}`, grid: true, tickFormat: percent ? "%" : "s", zero: true },
    marks: [
      Plot.ruleY([0]),
      Plot.line(points.filter((d) => !d.complete), { x: "date", y: "value", strokeOpacity: 0.4, strokeDasharray: "3,3" }),
      Plot.line(points, { x: "date", y: (d) => (d.complete ? d.value : NaN), stroke: "var(--theme-foreground-focus)", strokeWidth: series.value === "dau" ? 1 : 1.8 }),
      Plot.tip(points, Plot.pointerX({
        x: "date",
        y: "value",
        title: (d) => `${formatIsoDate(d.date)}\n${series.label}: ${percent ? formatPercent(d.value) : formatInteger(d.value)}${d.complete ? "" : "\nwindow reaches before the first observed day"}`,
      })),
    ],
  });
}
