// Orders models so that each runs after what it reads, and selects a model with its
// upstream (what it needs) and, with a trailing "+", its downstream (what it feeds).
import { UserError, didYouMean } from "./errors.ts";
import { displayPath } from "./paths.ts";

export interface GraphNode {
  name: string;
  path: string;
  /** Names of other models this one reads (seeds and sources are not nodes). */
  dependsOn: string[];
}

export function topologicalOrder(nodes: GraphNode[]): GraphNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const remaining = new Map(nodes.map((n) => [n.name, new Set(n.dependsOn)]));
  const ordered: GraphNode[] = [];
  while (remaining.size) {
    // Alphabetical among the ready ones keeps the run order, and so the log, stable.
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([name]) => name).sort();
    if (!ready.length) throw new UserError(`Models form a cycle: ${describeCycle(remaining, byName)}`);
    for (const name of ready) {
      ordered.push(byName.get(name)!);
      remaining.delete(name);
      for (const deps of remaining.values()) deps.delete(name);
    }
  }
  return ordered;
}

function describeCycle(remaining: Map<string, Set<string>>, byName: Map<string, GraphNode>): string {
  // Follow dependencies from any blocked model until a name repeats: that loop is the cycle.
  const path: string[] = [];
  let current = [...remaining.keys()].sort()[0];
  while (!path.includes(current)) {
    path.push(current);
    current = [...remaining.get(current)!].sort()[0];
  }
  const loop = [...path.slice(path.indexOf(current)), current];
  return loop.map((name) => displayPath(byName.get(name)!.path)).join(" -> ");
}

/** Selectors: "name" (the model and everything it depends on), "name+" (also everything downstream). */
export function selectModels(nodes: GraphNode[], selectors: string[]): Set<string> {
  if (!selectors.length) return new Set(nodes.map((n) => n.name));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const dependents = new Map<string, string[]>(nodes.map((n) => [n.name, []]));
  for (const node of nodes) for (const dep of node.dependsOn) dependents.get(dep)?.push(node.name);
  const selected = new Set<string>();
  const addUpstream = (name: string) => {
    if (selected.has(name)) return;
    selected.add(name);
    byName.get(name)!.dependsOn.forEach(addUpstream);
  };
  for (const selector of selectors) {
    const downstream = selector.endsWith("+");
    const name = downstream ? selector.slice(0, -1) : selector;
    if (!byName.has(name)) throw new UserError(`--select ${selector}: no model named "${name}".${didYouMean(name, byName.keys())}`);
    const roots = [name];
    if (downstream) {
      for (let i = 0; i < roots.length; i++) roots.push(...dependents.get(roots[i])!.filter((d) => !roots.includes(d)));
    }
    roots.forEach(addUpstream);
  }
  return selected;
}
