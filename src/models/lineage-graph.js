// The lineage around one catalog node (src/data/model_catalog.json): what it is built from, back
// to the raw files of the sources, and what is built from it, on to the report pages that show
// it. Plain data (no browser globals), so the unit tests run it as the page does.

export const layerOrder = ["file", "source", "seed", "staging", "intermediate", "marts", "page"];

/**
 * Nodes and links around `name`. `depth: "all"` follows every step up and down; "direct" keeps
 * the node's own inputs and readers, and the pages that show it or a model reading it.
 */
export function lineageGraph(catalog, name, { depth = "all" } = {}) {
  const byName = new Map(catalog.nodes.map((n) => [n.name, n]));
  const center = byName.get(name);
  if (!center) return { nodes: [], links: [] };
  const upstream = depth === "all" ? closure(name, (n) => byName.get(n)?.upstream ?? []) : new Set(center.upstream);
  const downstream = depth === "all" ? closure(name, (n) => byName.get(n)?.downstream ?? []) : new Set(center.downstream);
  const tables = new Set([name, ...upstream, ...downstream]);
  const nodes = new Map();
  const links = [];
  for (const table of [...tables].sort()) {
    const node = byName.get(table);
    nodes.set(table, { id: table, label: table, layer: node.layer, role: table === name ? "selected" : upstream.has(table) ? "upstream" : "downstream" });
  }
  for (const table of tables) {
    for (const up of byName.get(table).upstream) if (tables.has(up)) links.push({ source: up, target: table });
  }
  // Raw files feed the sources shown; pages read the models shown on the downstream side.
  for (const table of tables) {
    const node = byName.get(table);
    if (node.layer === "source" && (upstream.has(table) || table === name)) {
      for (const file of node.files ?? []) {
        const id = `file:${file}`;
        nodes.set(id, { id, label: file, layer: "file", role: "upstream" });
        links.push({ source: id, target: table });
      }
    }
    if (table === name || downstream.has(table)) {
      for (const page of node.pages) {
        const id = `page:${page}`;
        nodes.set(id, { id, label: pageTitle(catalog, page), path: page, layer: "page", role: "downstream" });
        links.push({ source: table, target: id });
      }
    }
  }
  links.sort((a, b) => (a.source + "\u0000" + a.target).localeCompare(b.source + "\u0000" + b.target));
  return { nodes: [...nodes.values()], links };
}

/** Every name reachable from `start` through `next`, without `start` itself. */
export function closure(start, next) {
  const seen = new Set();
  const queue = [...next(start)];
  while (queue.length) {
    const name = queue.shift();
    if (seen.has(name) || name === start) continue;
    seen.add(name);
    queue.push(...next(name));
  }
  return seen;
}

/** Pages that show `name` or anything built from it. */
export function pagesShowing(catalog, name) {
  const byName = new Map(catalog.nodes.map((n) => [n.name, n]));
  const tables = [name, ...closure(name, (n) => byName.get(n)?.downstream ?? [])];
  return [...new Set(tables.flatMap((t) => byName.get(t)?.pages ?? []))].sort();
}

export function pageTitle(catalog, path) {
  return catalog.pages.find((p) => p.path === path)?.title ?? path;
}

/** Counts of latest test outcomes over the given nodes: {pass, warn, fail, "not run"}. */
export function testCounts(nodes) {
  const counts = { pass: 0, warn: 0, fail: 0, "not run": 0 };
  for (const node of nodes) for (const test of node.tests) counts[test.status]++;
  return counts;
}

/** A site path as a link from a page one folder deep (/models/...). */
export function pageHref(path) {
  return `..${path}`;
}

/**
 * The catalog page whose path ends the address: the site may live under a sub-path
 * (/project/customers/churn) or be opened as files (…/customers/churn.html, …/customers/index.html).
 */
export function pageAt(list, pathname) {
  const clean = pathname.replace(/\.html$/, "").replace(/(^|\/)index$/, "$1");
  const matches = list.filter((p) => clean.endsWith(p.path) || (p.path.length > 1 && p.path.endsWith("/") && clean.endsWith(p.path.slice(0, -1))));
  return matches.sort((a, b) => b.path.length - a.path.length)[0];
}
