// Types of lineage-graph.js for the tests (the code itself is plain JS, run by the models pages).
import type { CatalogLayer, ModelCatalog } from "../../data-loaders/site/model-catalog.ts";

export interface LineageNode {
  id: string;
  label: string;
  layer: CatalogLayer | "file" | "page";
  role: "selected" | "upstream" | "downstream";
  path?: string;
}
export interface LineageLink {
  source: string;
  target: string;
}
export const layerOrder: string[];
export function lineageGraph(catalog: ModelCatalog, name: string, options?: { depth?: "all" | "direct" }): { nodes: LineageNode[]; links: LineageLink[] };
export function closure(start: string, next: (name: string) => string[]): Set<string>;
export function pagesShowing(catalog: ModelCatalog, name: string): string[];
export function pageTitle(catalog: ModelCatalog, path: string): string;
export function testCounts(nodes: { tests: { status: "pass" | "warn" | "fail" | "not run" }[] }[]): Record<"pass" | "warn" | "fail" | "not run", number>;
export function pageHref(path: string): string;
export function pageAt<T extends { path: string }>(list: T[], pathname: string): T | undefined;
