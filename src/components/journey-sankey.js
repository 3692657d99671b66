// The first steps of every session as a flow chart (d3-sankey lays it out): one column per
// collapsed step, a node per event at that step, "(exit)" where paths end and "(more steps)" where
// they go on past the last column. Reads journey_flows rows; `steps` shows fewer columns than the
// mart holds, folding what goes on into "(more steps)". Wrapped in a horizontal scroll box so
// labels keep a readable size on a phone.
import * as d3 from "npm:d3";
import { sankey, sankeyLeft, sankeyLinkHorizontal } from "npm:d3-sankey";
import { html } from "npm:htl";
import { formatCount, formatInteger } from "./format.js";

export const exitNode = "(exit)";
export const moreNode = "(more steps)";

/** journey_flows rows cut to the first `steps` steps: links leaving the last column go to "(more steps)". */
export function flowsUpTo(rows, steps) {
  const totals = new Map();
  for (const row of rows) {
    if (row.step_index > steps) continue;
    const to = row.step_index === steps && row.to_node !== exitNode ? moreNode : row.to_node;
    const key = `${row.step_index}\u0000${row.from_node}\u0000${to}`;
    totals.set(key, (totals.get(key) ?? 0) + Number(row.sessions));
  }
  return [...totals].map(([key, sessions]) => {
    const [step, from_node, to_node] = key.split("\u0000");
    return { step_index: Number(step), from_node, to_node, sessions };
  });
}

export function JourneySankey(rows, { steps = Infinity, width = 640, height = 420, columnWidth = 118 } = {}) {
  const flows = flowsUpTo(rows, steps);
  const columns = d3.max(flows, (d) => d.step_index + 1) ?? 1;
  const chartWidth = Math.max(width, columns * columnWidth);
  const nodeId = (step, name) => `${step}:${name}`;
  const nodes = new Map();
  for (const d of flows) {
    nodes.set(nodeId(d.step_index, d.from_node), { id: nodeId(d.step_index, d.from_node), name: d.from_node, step: d.step_index });
    nodes.set(nodeId(d.step_index + 1, d.to_node), { id: nodeId(d.step_index + 1, d.to_node), name: d.to_node, step: d.step_index + 1 });
  }
  const layout = sankey()
    .nodeId((d) => d.id)
    .nodeAlign(sankeyLeft)
    .nodeWidth(10)
    .nodePadding(14)
    // Ends of paths sink to the bottom of each column; events keep the order of their first step.
    .nodeSort((a, b) => isEnd(a.name) - isEnd(b.name) || b.value - a.value)
    .extent([[1, 8], [chartWidth - 1, height - 8]]);
  const graph = layout({
    nodes: [...nodes.values()].map((d) => ({ ...d })),
    links: flows.map((d) => ({ source: nodeId(d.step_index, d.from_node), target: nodeId(d.step_index + 1, d.to_node), value: d.sessions, step: d.step_index })),
  });
  const names = [...new Set(graph.nodes.map((d) => d.name).filter((n) => !isEnd(n)))].sort();
  const color = d3.scaleOrdinal(names, d3.schemeTableau10);
  const fill = (name) => (isEnd(name) ? "var(--theme-foreground-faint, #999)" : color(name));
  const format = formatInteger;

  const svg = d3.create("svg")
    .attr("class", "journey-sankey")
    .attr("width", chartWidth)
    .attr("height", height)
    .attr("viewBox", [0, 0, chartWidth, height])
    .attr("role", "img")
    .attr("aria-label", `Flow of sessions over their first ${columns - 1} steps`)
    .style("font", "11px var(--sans-serif, system-ui)");

  svg.append("g")
    .attr("fill", "none")
    .selectAll("path")
    .data(graph.links)
    .join("path")
    .attr("class", "sankey-link")
    .attr("d", sankeyLinkHorizontal())
    .attr("stroke", (d) => fill(d.target.name))
    .attr("stroke-opacity", 0.35)
    .attr("stroke-width", (d) => Math.max(1, d.width))
    .append("title")
    .text((d) => `Step ${d.step}: ${d.source.name} → ${d.target.name}\n${formatCount(d.value, "session")}`);

  const node = svg.append("g").selectAll("g").data(graph.nodes).join("g").attr("class", "sankey-node").attr("data-node", (d) => d.id);
  node.append("rect")
    .attr("x", (d) => d.x0)
    .attr("y", (d) => d.y0)
    .attr("width", (d) => d.x1 - d.x0)
    .attr("height", (d) => Math.max(1, d.y1 - d.y0))
    .attr("fill", (d) => fill(d.name))
    .append("title")
    .text((d) => `Step ${d.step}: ${d.name}\n${formatCount(d.value, "session")}`);
  // Labels sit right of their node, except in the last column where they sit left.
  const label = node.append("text")
    .attr("x", (d) => (d.x0 < chartWidth - columnWidth ? d.x1 + 4 : d.x0 - 4))
    .attr("y", (d) => (d.y0 + d.y1) / 2)
    .attr("text-anchor", (d) => (d.x0 < chartWidth - columnWidth ? "start" : "end"))
    .attr("fill", "currentColor");
  label.append("tspan").attr("dy", "-0.2em").text((d) => d.name);
  label.append("tspan").attr("x", function () { return this.parentNode.getAttribute("x"); }).attr("dy", "1.1em")
    .attr("fill-opacity", 0.7).text((d) => format(d.value));

  return html`<div class="journey-sankey-scroll" style="overflow-x: auto; max-width: 100%;">${svg.node()}</div>`;
}

function isEnd(name) {
  return name === exitNode || name === moreNode ? 1 : 0;
}
