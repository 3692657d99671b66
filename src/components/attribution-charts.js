// Charts of the attribution page: every model's share per channel on one line (the spread
// between models is the honest answer to "how sure are we"), and bars for path length and days
// to conversion.
import * as Plot from "npm:@observablehq/plot";
import { formatPercent } from "./format.js";
import { modelLabels } from "./attribution-sql.js";

/** rows: {model, channel, share}; channels sorted by their average share across models. */
export function ModelSpreadChart(rows, { width: available, models, measureLabel = "Share of conversions" } = {}) {
  // A container not laid out yet reports a tiny width; below the margins Plot would draw negative bars.
  const width = Math.max(available, 280);
  const byChannel = new Map();
  for (const row of rows) {
    const list = byChannel.get(row.channel) ?? [];
    list.push(row.share);
    byChannel.set(row.channel, list);
  }
  const spread = [...byChannel].map(([channel, shares]) => ({
    channel,
    low: Math.min(...shares),
    high: Math.max(...shares),
    mean: shares.reduce((a, b) => a + b, 0) / shares.length,
  }));
  const order = spread.sort((a, b) => b.mean - a.mean).map((d) => d.channel);
  const narrow = width < 560;
  return Plot.plot({
    width,
    height: Math.max(160, 34 * order.length + 70),
    marginLeft: narrow ? 96 : 120,
    marginRight: 16,
    x: { label: `${measureLabel} →`, tickFormat: (d) => `${Math.round(d * 100)}%`, grid: true, domain: [Math.min(0, ...spread.map((d) => d.low)), Math.max(...spread.map((d) => d.high)) * 1.05 || 1], ticks: narrow ? 4 : 8 },
    y: { domain: order, label: null, tickFormat: (d) => (narrow && d.length > 13 ? `${d.slice(0, 12)}…` : d) },
    color: { legend: true, domain: models.map((m) => modelLabels[m] ?? m), scheme: "tableau10" },
    symbol: { domain: ["Heuristic", "Data-driven"], range: ["circle", "diamond"] },
    marks: [
      Plot.ruleY(spread, { y: "channel", x1: "low", x2: "high", stroke: "currentColor", strokeOpacity: 0.35, strokeWidth: 6 }),
      Plot.dot(rows, {
        y: "channel",
        x: "share",
        fill: (d) => modelLabels[d.model] ?? d.model,
        symbol: (d) => (d.model === "markov" || d.model === "shapley" ? "Data-driven" : "Heuristic"),
        r: 5,
        stroke: "var(--theme-background, white)",
        strokeWidth: 0.75,
        tip: { format: { x: (d) => formatPercent(d), fill: true, symbol: false, y: true } },
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** rows: {bucket, bucket_order, value}; a horizontal-label bar chart that fits 390 px. */
export function BucketBars(rows, { width: available, label, valueLabel, format = (d) => d }) {
  const width = Math.max(available, 240);
  const sorted = [...rows].sort((a, b) => a.bucket_order - b.bucket_order);
  return Plot.plot({
    width,
    height: Math.max(140, 26 * sorted.length + 50),
    marginLeft: 86,
    marginRight: 56,
    x: { label: `${valueLabel} →`, grid: true, ticks: width < 560 ? 3 : 6 },
    y: { domain: sorted.map((d) => d.bucket), label },
    marks: [
      Plot.barX(sorted, { y: "bucket", x: "value", fill: "var(--theme-foreground-focus, steelblue)" }),
      Plot.text(sorted, { y: "bucket", x: "value", text: (d) => format(d.value), dx: 4, textAnchor: "start", fill: "currentColor" }),
      Plot.ruleX([0]),
    ],
  });
}
