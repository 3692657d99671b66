// Charts and links of the products pages.
import * as Plot from "npm:@observablehq/plot";
import { formatCount, formatPercent } from "./format.js";
import { html } from "npm:htl";

const CLASS_COLOURS = { A: "var(--theme-foreground-focus)", B: "var(--theme-foreground-muted)", C: "var(--theme-foreground-faint)" };

/** A product's name linking to its page (./product?product=<id>). */
export function productLink(row) {
  const id = row.product_id;
  return html`<a href="./product?product=${encodeURIComponent(id)}" title=${id}>${row.product_name ?? id}</a>`;
}

/**
 * The Pareto curve: cumulative share of revenue against share of products (rows of
 * product_pareto), with the A / B / C bands shaded where each class's products lie.
 */
export function ParetoChart(rows, { width = 640, cutoffs = [0.8, 0.95] } = {}) {
  const ends = ["A", "B", "C"].map((c) => ({ abc_class: c, end: Math.max(0, ...rows.filter((d) => d.abc_class === c).map((d) => d.product_share)) }));
  const bands = ends.map((d, i) => ({ ...d, start: i === 0 ? 0 : ends[i - 1].end })).filter((d) => d.end > d.start);
  return Plot.plot({
    width: Math.max(300, width),
    height: 320,
    marginLeft: 48,
    x: { label: "Share of products (ranked by revenue) →", tickFormat: "%", domain: [0, 1] },
    y: { label: "↑ Cumulative share of revenue", tickFormat: "%", domain: [0, 1], grid: true },
    marks: [
      Plot.rectX(bands, { x1: "start", x2: "end", y1: 0, y2: 1, fill: (d) => CLASS_COLOURS[d.abc_class], fillOpacity: 0.15 }),
      Plot.text(bands, { x: (d) => (d.start + d.end) / 2, y: 0.06, text: (d) => d.abc_class, fontSize: 14, fontWeight: "bold", fill: "currentColor" }),
      Plot.ruleY(cutoffs.filter((c) => c != null), { strokeDasharray: "3,3", strokeOpacity: 0.6 }),
      Plot.line(rows, { x: "product_share", y: "cumulative_share", stroke: "var(--theme-foreground-focus)", strokeWidth: 2 }),
      Plot.tip(rows, Plot.pointerX({ x: "product_share", y: "cumulative_share", title: (d) => `Top ${formatCount(d.revenue_rank, "product")} (${formatPercent(d.product_share)})\n${formatPercent(d.cumulative_share)} of revenue\nclass ${d.abc_class}` })),
    ],
  });
}
