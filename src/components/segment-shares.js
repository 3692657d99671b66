// Each RFM segment's share of customers beside its share of revenue: where the value sits.
import * as Plot from "npm:@observablehq/plot";
import { formatPercent } from "./format.js";
import { chartWidth, labelMargin, fitLabel } from "./chart-width.js";

export function SegmentShares(segments, { width = 640 } = {}) {
  width = chartWidth(width, { max: Infinity });
  const marginLeft = labelMargin(width, 130, { plotShare: 0.5 });
  const order = [...segments].sort((a, b) => a.display_order - b.display_order).map((d) => d.segment);
  const rows = segments.flatMap((d) => [
    { segment: d.segment, measure: "Customers", share: d.share_of_customers },
    { segment: d.segment, measure: "Revenue", share: d.share_of_monetary },
  ]);
  return Plot.plot({
    width,
    marginLeft,
    height: 36 * segments.length + 50,
    x: { label: "Share →", percent: true, grid: true },
    y: { axis: null, domain: ["Customers", "Revenue"] },
    fy: { label: null, domain: order, axis: null },
    color: { domain: ["Customers", "Revenue"], range: ["#9ab8e0", "#2b5d9c"], legend: true },
    marks: [
      Plot.barX(rows, { x: "share", y: "measure", fy: "segment", fill: "measure", tip: { format: { x: (d) => formatPercent(d) } } }),
      Plot.axisFy({ anchor: "left", label: null, tickSize: 0, ...fitLabel(marginLeft) }),
      Plot.ruleX([0]),
    ],
  });
}
