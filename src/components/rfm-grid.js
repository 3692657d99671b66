// The R x FM score grid as a heatmap whose cells can be picked: clicking a cell (or Enter / Space
// on a cell reached with Tab) sets the element's value to that cell's row and dispatches "input",
// so `view(RfmGrid(...))` works. Setting `value` outlines the cell, so bindUrl can restore a pick.
import * as Plot from "npm:@observablehq/plot";
import { chartWidth } from "./chart-width.js";
import { formatCount, formatInteger } from "./format.js";

export function RfmGrid(grid, { width = 640, value = null, money = formatInteger } = {}) {
  width = chartWidth(width, { max: Infinity });
  // Segment names wrap to the cell's width (below the count), so they stay inside it on a phone.
  const cellWidth = (width - 60) / 5;
  const nameSize = cellWidth < 80 ? 8 : 9;
  const cells = Array.from(grid, (d) => ({ ...d, customers: Number(d.customers), monetary: Number(d.monetary) }));
  const most = Math.max(1, ...cells.map((c) => c.customers));
  // Light text on the darker half of the (square-root) colour scale.
  const ink = (d) => (Math.sqrt(d.customers / most) > 0.6 ? "white" : "black");
  const plot = Plot.plot({
    width,
    height: Math.min(width, 520),
    padding: 0.04,
    x: { label: "FM score (frequency and spend) →", type: "band" },
    y: { label: "↑ R score (recency)", type: "band", reverse: true },
    color: { type: "sqrt", scheme: "blues", domain: [0, most], label: "Customers", legend: true },
    marks: [
      Plot.cell(cells, {
        x: "fm_score",
        y: "r_score",
        fill: "customers",
        inset: 1,
        title: (d) => `R ${d.r_score} · FM ${d.fm_score}: ${d.segment}\n${formatCount(d.customers, "customer")}\nrevenue ${money(d.monetary)}`,
      }),
      Plot.text(cells, {
        x: "fm_score",
        y: "r_score",
        text: "segment",
        fontSize: nameSize,
        lineWidth: Math.max(2, (cellWidth - 6) / nameSize),
        lineAnchor: "top",
        dy: 9,
        fill: ink,
        pointerEvents: "none",
      }),
      Plot.text(cells, {
        x: "fm_score",
        y: "r_score",
        text: (d) => formatInteger(d.customers),
        fontSize: 13,
        fontWeight: "bold",
        fill: ink,
        pointerEvents: "none",
      }),
    ],
  });
  // Plot draws one rect per datum in data order, so the i-th rect is cells[i].
  const rects = [...plot.querySelectorAll('g[aria-label="cell"] rect')];
  const highlight = (picked) => rects.forEach((rect, i) => {
    const on = picked && cells[i].r_score === picked.r_score && cells[i].fm_score === picked.fm_score;
    rect.setAttribute("stroke", on ? "currentColor" : "none");
    rect.setAttribute("stroke-width", on ? 3 : 0);
  });
  let picked = null;
  Object.defineProperty(plot, "value", {
    get: () => picked,
    set: (cell) => {
      picked = cell;
      highlight(cell);
    },
  });
  const pick = (i) => {
    plot.value = cells[i];
    plot.dispatchEvent(new Event("input", { bubbles: true }));
  };
  rects.forEach((rect, i) => {
    const d = cells[i];
    rect.style.cursor = "pointer";
    rect.setAttribute("data-r", d.r_score);
    rect.setAttribute("data-fm", d.fm_score);
    rect.setAttribute("tabindex", "0");
    rect.setAttribute("role", "button");
    rect.setAttribute("aria-label", `R ${d.r_score} · FM ${d.fm_score}: ${d.segment}, ${formatCount(d.customers, "customer")}`);
    rect.addEventListener("click", () => pick(i));
    rect.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      pick(i);
    });
  });
  plot.value = value;
  return plot;
}
