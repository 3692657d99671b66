// One line per cohort over the periods since its first, drawn only through periods that have
// ended, with the pooled rate of all cohorts (members-weighted, 95% Wilson band) on top. Used for
// retention (a share) and for cumulative revenue per member (the LTV curve).
import * as Plot from "npm:@observablehq/plot";
import { formatFixed, formatPercent } from "./format.js";
import { chartWidth, labelMargin, fitLabel } from "./chart-width.js";
import { pooledRetention } from "./cohort-stats.js";
import { cohortLabel, periodNoun } from "./periods.js";

export function RetentionCurves(rows, { grain = "month", rate = "retention_rate", count = "active_users", maxPeriod = Infinity, width = 800, label = "Share of cohort" } = {}) {
  width = chartWidth(width, { max: Infinity });
  const complete = rows.filter((d) => d.is_complete && d.period <= maxPeriod).map((d) => ({ ...d, cohort: cohortLabel(d, grain), value: Number(d[rate]) }));
  const pooled = pooledRetention(rows, { count }).filter((d) => d.period <= maxPeriod && d.period > 0);
  return Plot.plot({
    width,
    height: 340,
    x: { label: `${periodNoun[grain]}s since the cohort's first →` },
    y: { label: `↑ ${label}`, tickFormat: "%", domain: [0, Math.min(1, Math.max(0.05, ...pooled.map((d) => d.high), ...complete.filter((d) => d.period > 0).map((d) => d.value)))] },
    color: { type: "ordinal", scheme: "viridis", legend: false },
    marks: [
      Plot.ruleY([0]),
      Plot.line(complete.filter((d) => d.period > 0), { x: "period", y: "value", z: "cohort", stroke: "cohort_start", strokeOpacity: 0.35, tip: true, title: (d) => `${d.cohort}: ${formatPercent(d.value)} in ${periodNoun[grain]} ${d.period}` }),
      Plot.areaY(pooled, { x: "period", y1: "low", y2: "high", fill: "currentColor", fillOpacity: 0.12 }),
      Plot.line(pooled, { x: "period", y: "rate", stroke: "currentColor", strokeWidth: 2.5 }),
      Plot.text(pooled.slice(-1), { x: "period", y: "rate", text: () => "all cohorts", dx: 6, textAnchor: "start" }),
    ],
  });
}

/** `money` formats the tooltips' amounts in the store's currency (format.js moneyFormat). */
export function LtvCurves(rows, { grain = "month", maxPeriod = Infinity, width = 800, currency = "", money = (v) => formatFixed(v, 2) } = {}) {
  width = chartWidth(width, { max: Infinity });
  const complete = rows.filter((d) => d.is_complete && d.period <= maxPeriod).map((d) => ({ ...d, cohort: cohortLabel(d, grain), value: Number(d.cumulative_revenue_per_member) }));
  return Plot.plot({
    width,
    height: 340,
    x: { label: `${periodNoun[grain]}s since the cohort's first →` },
    y: { label: `↑ Cumulative revenue per cohort member${currency ? ` (${currency})` : ""}`, grid: true },
    color: { type: "ordinal", scheme: "viridis", legend: false },
    marks: [
      Plot.ruleY([0]),
      Plot.line(complete, { x: "period", y: "value", z: "cohort", stroke: "cohort_start", strokeWidth: 1.5, tip: true, title: (d) => `${d.cohort}: ${money(d.value)} per member after ${periodNoun[grain]} ${d.period}` }),
      Plot.dot(lastPoints(complete), { x: "period", y: "value", fill: "cohort_start", r: 2.5 }),
    ],
  });
}

/** Each cohort's point at its last finished period (one pass). */
function lastPoints(points) {
  const last = new Map();
  for (const d of points) if (!last.has(d.cohort) || d.period > last.get(d.cohort).period) last.set(d.cohort, d);
  return [...last.values()];
}
