// A model's lineage as a layered graph: raw files -> sources and seeds -> staging -> intermediate
// -> marts -> pages, left to right. d3-sankey places the columns and orders each one to keep
// links short; every node then gets a fixed-height row so that names stay readable however many
// links it has. Wider than a phone when it has many columns: it scrolls sideways in its own box.
import * as d3 from "npm:d3";
import { sankey, sankeyLeft } from "npm:d3-sankey";
import { html } from "npm:htl";

const layerColour = {
  file: "var(--theme-foreground-faint)",
  source: "#8c6d31",
  seed: "#9c9ede",
  staging: "#6b9ac4",
  intermediate: "#4269d0",
  marts: "#3ca951",
  page: "#ff725c",
};

/**
 * `graph` from lineageGraph (src/models/lineage-graph.js). `href(node)` gives each node's link
 * (null: none).
 */
export function LineageChart(graph, { width = 640, href = () => null, columnWidth = 220, rowHeight = 28 } = {}) {
  if (!graph.nodes.length) return html`<p>No lineage to draw.</p>`;
  const laid = sankey()
    .nodeId((d) => d.id)
    .nodeAlign(sankeyLeft)
    .nodeWidth(1)
    .nodePadding(4)
    .extent([[0, 0], [1000, 1000]])({
      // d3-sankey writes its own `layer` (a column number) on each node: keep ours as `tier`.
      nodes: graph.nodes.map(({ layer, ...d }) => ({ ...d, tier: layer })),
      links: graph.links.map((d) => ({ ...d, value: 1 })),
    });
  // Pages always sit in the last column, wherever their models are.
  const lastColumn = d3.max(laid.nodes, (d) => d.depth) ?? 0;
  for (const node of laid.nodes) node.column = node.tier === "page" ? Math.max(lastColumn, 1) : node.depth;
  const columns = d3.groups(laid.nodes, (d) => d.column).sort((a, b) => a[0] - b[0]);
  const rows = d3.max(columns, ([, nodes]) => nodes.length);
  const count = (d3.max(laid.nodes, (d) => d.column) ?? 0) + 1;
  const boxWidth = columnWidth - 36;
  const chartWidth = Math.max(width, count * columnWidth - 36 + 2);
  const gap = count > 1 ? (chartWidth - 2 - boxWidth) / (count - 1) : 0;
  const height = rows * rowHeight + 8;
  for (const [, nodes] of columns) {
    nodes.sort((a, b) => a.y0 - b.y0 || a.id.localeCompare(b.id));
    const top = (height - nodes.length * rowHeight) / 2;
    nodes.forEach((node, i) => {
      node.x = 1 + node.column * gap;
      node.y = top + i * rowHeight + rowHeight / 2;
    });
  }
  const svg = d3.create("svg")
    .attr("class", "model-lineage")
    .attr("width", chartWidth)
    .attr("height", height)
    .attr("viewBox", [0, 0, chartWidth, height])
    .attr("role", "img")
    .attr("aria-label", `Lineage: ${laid.nodes.length} nodes in ${count} columns`)
    .style("font", "11px var(--sans-serif, system-ui)");
  const link = d3.linkHorizontal().x((d) => d[0]).y((d) => d[1]);
  svg.append("g")
    .attr("fill", "none")
    .attr("stroke", "var(--theme-foreground-muted)")
    .attr("stroke-opacity", 0.5)
    .selectAll("path")
    .data(laid.links)
    .join("path")
    .attr("d", (d) => link({ source: [d.source.x + boxWidth, d.source.y], target: [d.target.x, d.target.y] }));
  const node = svg.append("g")
    .selectAll("a")
    .data(laid.nodes)
    .join("a")
    .attr("class", "lineage-node")
    .attr("data-node", (d) => d.id)
    .attr("data-role", (d) => d.role)
    .attr("href", (d) => href(d));
  node.append("rect")
    .attr("x", (d) => d.x)
    .attr("y", (d) => d.y - (rowHeight - 6) / 2)
    .attr("width", boxWidth)
    .attr("height", rowHeight - 6)
    .attr("rx", 4)
    .attr("fill", "var(--theme-background)")
    .attr("stroke", (d) => layerColour[d.tier])
    .attr("stroke-width", (d) => (d.role === "selected" ? 3.5 : 2));
  node.append("text")
    .attr("x", (d) => d.x + 6)
    .attr("y", (d) => d.y)
    .attr("dy", "0.35em")
    .attr("fill", "var(--theme-foreground)")
    .attr("font-weight", (d) => (d.role === "selected" ? "bold" : null))
    .text((d) => fit(d.label, boxWidth - 12));
  node.append("title").text((d) => `${d.label} (${d.tier})`);
  return html`<div class="model-lineage-box" style="overflow-x:auto;max-width:100%">${svg.node()}</div>`;
}

/** Cuts a label to about the width available (11px text is about 6.2px a character). */
function fit(label, pixels) {
  const chars = Math.floor(pixels / 6.2);
  return label.length <= chars ? label : `${label.slice(0, chars - 1)}…`;
}

export function LayerKey() {
  return html`<div class="lineage-key" style="display:flex;flex-wrap:wrap;gap:0.25rem 1rem;font-size:12px">${Object.entries(layerColour).map(
    ([layer, colour]) => html`<span><svg width="14" height="10"><rect x="1" y="1" width="12" height="8" rx="2" fill="none" stroke=${colour} stroke-width="2"></rect></svg> ${layer === "file" ? "raw file" : layer}</span>`,
  )}</div>`;
}
