// Charts of segment migration between two snapshots, drawn from segment_migration_flows rows (or the
// same rows computed in the browser with migration-sql.js): a flow chart laid out by d3-sankey and a
// from x to matrix. Both colour a move by its direction: up the segment order, down it, staying, new.
import * as d3 from "npm:d3";
import { sankey, sankeyLinkHorizontal } from "npm:d3-sankey";
import { html } from "npm:htl";
import { formatCount, formatInteger } from "./format.js";

export const directionColors = { improved: "#3a9a5b", stayed: "#8a8f98", slipped: "#d0543f", new: "#4c78a8" };
export const directionLabels = { improved: "moved up", stayed: "stayed", slipped: "slipped", new: "new customers" };

/** Segments in order (best first), the newcomers' row first: [{segment, order}]. */
export function segmentAxis(flows) {
  const seen = new Map();
  for (const d of flows) {
    seen.set(d.from_segment, Number(d.from_order));
    seen.set(d.to_segment, Number(d.to_order));
  }
  return [...seen].map(([segment, order]) => ({ segment, order })).sort((a, b) => a.order - b.order || d3.ascending(a.segment, b.segment));
}

/** Flow chart: earlier segments on the left, later ones on the right, one band per move. */
export function MigrationSankey(flows, { width = 640, height = 460, fromLabel = "from", toLabel = "to" } = {}) {
  const order = new Map(segmentAxis(flows).map((d) => [d.segment, d.order]));
  const nodes = new Map();
  for (const d of flows) {
    nodes.set(`from:${d.from_segment}`, { id: `from:${d.from_segment}`, name: d.from_segment, side: 0, order: order.get(d.from_segment) });
    nodes.set(`to:${d.to_segment}`, { id: `to:${d.to_segment}`, name: d.to_segment, side: 1, order: order.get(d.to_segment) });
  }
  // Segment names need room on both sides: on a phone the chart scrolls sideways rather than clip them.
  const chartWidth = Math.max(width, 560);
  const labelRoom = 150;
  const graph = sankey()
    .nodeId((d) => d.id)
    .nodeWidth(10)
    .nodePadding(8)
    // Best segment at the top of each side, so a band going down is a customer slipping.
    .nodeSort((a, b) => a.order - b.order)
    .extent([[labelRoom, 16], [chartWidth - labelRoom, height - 4]])({
      nodes: [...nodes.values()].map((d) => ({ ...d })),
      links: flows.map((d) => ({ source: `from:${d.from_segment}`, target: `to:${d.to_segment}`, value: Number(d.customers), direction: d.direction })),
    });
  const format = formatInteger;
  const svg = d3.create("svg")
    .attr("class", "migration-sankey")
    .attr("width", chartWidth)
    .attr("height", height)
    .attr("viewBox", [0, 0, chartWidth, height])
    .attr("role", "img")
    .attr("aria-label", `Customers moving between segments from ${fromLabel} to ${toLabel}`)
    .style("font", "11px var(--sans-serif, system-ui)");
  svg.append("g").attr("fill", "currentColor").attr("fill-opacity", 0.7).selectAll("text")
    .data([[labelRoom, "start", fromLabel], [chartWidth - labelRoom, "end", toLabel]]).join("text")
    .attr("x", (d) => d[0]).attr("y", 10).attr("text-anchor", (d) => d[1]).text((d) => d[2]);
  svg.append("g").attr("fill", "none").selectAll("path").data(graph.links).join("path")
    .attr("class", "sankey-link")
    .attr("d", sankeyLinkHorizontal())
    .attr("stroke", (d) => directionColors[d.direction])
    .attr("stroke-opacity", 0.45)
    .attr("stroke-width", (d) => Math.max(1, d.width))
    .append("title")
    .text((d) => `${d.source.name} → ${d.target.name}: ${formatCount(d.value, "customer")} (${directionLabels[d.direction]})`);
  const node = svg.append("g").selectAll("g").data(graph.nodes).join("g").attr("class", "sankey-node");
  node.append("rect")
    .attr("x", (d) => d.x0).attr("y", (d) => d.y0)
    .attr("width", (d) => d.x1 - d.x0).attr("height", (d) => Math.max(1, d.y1 - d.y0))
    .attr("fill", "currentColor").attr("fill-opacity", 0.6)
    .append("title").text((d) => `${d.name}: ${formatCount(d.value, "customer")}`);
  node.append("text")
    .attr("x", (d) => (d.side === 0 ? d.x0 - 4 : d.x1 + 4))
    .attr("y", (d) => (d.y0 + d.y1) / 2)
    .attr("dy", "0.35em")
    .attr("text-anchor", (d) => (d.side === 0 ? "end" : "start"))
    .attr("fill", "currentColor")
    .text((d) => `${d.name} ${format(d.value)}`);
  return html`<div class="migration-sankey-scroll" style="overflow-x: auto; max-width: 100%;">${svg.node()}</div>`;
}

/**
 * From x to matrix as an HTML table: customers in each cell, shaded by the share of the row (the
 * earlier segment) that made the move, green up the order, red down, grey for staying.
 */
export function MigrationMatrix(flows, { money = formatInteger } = {}) {
  const axis = segmentAxis(flows);
  const rows = axis.filter((d) => flows.some((f) => f.from_segment === d.segment));
  const columns = axis.filter((d) => flows.some((f) => f.to_segment === d.segment));
  const cell = new Map(flows.map((d) => [`${d.from_segment}\u0000${d.to_segment}`, d]));
  const rowTotals = d3.rollup(flows, (v) => d3.sum(v, (d) => Number(d.customers)), (d) => d.from_segment);
  const tint = (d) => {
    const share = Number(d.customers) / rowTotals.get(d.from_segment);
    const alpha = (0.12 + 0.7 * share).toFixed(2);
    return `color-mix(in srgb, ${directionColors[d.direction]} ${Math.round(alpha * 100)}%, transparent)`;
  };
  return html`<div class="migration-matrix-scroll" style="overflow-x: auto; max-width: 100%;">
    <table class="migration-matrix" style="font-size: 12px; border-collapse: collapse; max-width: none;">
      <thead><tr><th style="text-align: left;">from ↓ to →</th>${columns.map((c) => html`<th style="writing-mode: vertical-rl; transform: rotate(180deg); text-align: left; font-weight: normal; padding: 2px;">${c.segment}</th>`)}<th>total</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr>
        <th style="text-align: left; white-space: nowrap; font-weight: normal;">${r.segment}</th>
        ${columns.map((c) => {
          const d = cell.get(`${r.segment}\u0000${c.segment}`);
          return d
            ? html`<td data-from=${r.segment} data-to=${c.segment} data-customers=${d.customers} data-revenue=${d.revenue_year_before} style="text-align: right; padding: 2px 4px; background: ${tint(d)};${r.segment === c.segment ? " outline: 1px solid currentColor; outline-offset: -1px;" : ""}" title="${r.segment} → ${c.segment}: ${formatCount(d.customers, "customer")}, worth ${money(d.revenue_year_before)} in the year before">${formatInteger(d.customers)}</td>`
            : html`<td style="padding: 2px 4px;"></td>`;
        })}
        <td style="text-align: right; padding: 2px 4px;" class="muted">${formatInteger(rowTotals.get(r.segment) ?? 0)}</td>
      </tr>`)}</tbody>
    </table></div>`;
}
