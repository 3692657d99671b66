// Every page on a phone (390 px), in one Chromium: opened cold, its first view downloads at most
// 500 KB of data and script beyond Framework's runtime and no WebAssembly (DuckDB-wasm and the
// Parquet decoder load only on a reader's request); it is no wider than the screen and logs no
// error, both cold and when opened after the home page (charts once drew negative widths only then).
import { readdirSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { extname, join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import config from "../../observablehq.config.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { serveDirectory } from "../../scripts/serve-dist.ts";
import { chromiumPath, waitForRender, watchPage } from "./browser.ts";

type PageEntry = { path?: string; pages?: PageEntry[] };
const flatten = (entries: PageEntry[]): string[] => entries.flatMap((e) => (e.pages ? flatten(e.pages) : [e.path!]));
const pagePaths = ["/", ...flatten(config.pages as PageEntry[])];
const phone = { width: 390, height: 844 };
const budgetBytes = 500 * 1024;
const siteBudgetBytes = 45_000_000;
// Framework's own runtime, which every page shares and a reader's browser caches once: its client,
// runtime, stdlib and styles (/_observablehq/) and the libraries it gives every page (d3, Plot,
// Inputs, htl, with their dependencies). Everything else a page fetches (its data, components,
// Apache Arrow, DuckDB-wasm, Parquet decoders) counts against the page.
const frameworkLibraries = /^\/_npm\/(d3|d3-[a-z-]+|@observablehq\/(plot|inputs)|htl|isoformat|interval-tree-1d|binary-search-bounds|internmap|delaunator|robust-predicates)@/;
const isFrameworkRuntime = (path: string) => path.startsWith("/_observablehq/") || frameworkLibraries.test(path);
const dist = join(projectRoot, "dist");
/** Bytes of the file the server sent for a path (it sends files whole, uncompressed). */
function servedBytes(path: string): number {
  let file = join(dist, decodeURIComponent(path));
  const stats = statSync(file, { throwIfNoEntry: false });
  if (stats?.isDirectory()) file = join(file, "index.html");
  else if (!extname(file)) file += ".html";
  return statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

let browser: Browser;
let server: Server;
let origin: string;
// Every path the server was asked for, in order: it sees what a page's workers fetch too
// (DuckDB-wasm loads its wasm from a worker, out of sight of the page's request events).
const served: string[] = [];
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  server = await serveDirectory(dist);
  server.on("request", (request) => served.push(new URL(request.url ?? "/", "http://localhost").pathname));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

interface View {
  errors: string[];
  overflowPx: number;
}

/** Opens a path in `page`, waits for it to render, and reports what a reader would see go wrong. */
async function open(page: Page, path: string): Promise<View> {
  const log = watchPage(page, origin);
  await page.goto(`${origin}${path}`, { waitUntil: "load" });
  await waitForRender(page, { quietMs: 500 });
  const errors = [...log.errors, ...log.failed, ...log.external, ...(await page.locator(".observablehq--error").allTextContents())];
  const overflowPx = Math.max(0, await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth));
  page.removeAllListeners();
  return { errors, overflowPx };
}

describe("first view of every page at 390 px", () => {
  for (const path of pagePaths) {
    test(`${path}: light first view, fits the screen, no errors cold or after the home page`, async () => {
      const context = await browser.newContext({ viewport: phone }); // a fresh context: an empty cache
      try {
        const page = await context.newPage();
        const firstRequest = served.length;
        const cold = await open(page, path);
        const fetched = served.slice(firstRequest).map((p) => ({ path: p, bytes: servedBytes(p) }));
        const counted = fetched.filter((r) => !isFrameworkRuntime(r.path));
        const bytes = counted.reduce((sum, r) => sum + r.bytes, 0);
        const wasm = fetched.filter((r) => r.path.endsWith(".wasm")).map((r) => r.path);
        const heaviest = [...counted].sort((a, b) => b.bytes - a.bytes).slice(0, 3).map((r) => `${r.path} ${Math.round(r.bytes / 1024)} KB`);
        process.stderr.write(`${path.padEnd(28)} first view ${Math.round(bytes / 1024)} KB beyond the runtime (heaviest: ${heaviest.join(", ")})\n`);

        // The same page after the home page, with the runtime and shared modules already cached.
        const home = await context.newPage();
        const homeView = await open(home, "/");
        const after = await open(home, path);

        expect({ wasm, overBudget: bytes > budgetBytes ? `${Math.round(bytes / 1024)} KB: ${heaviest.join(", ")}` : null }).toEqual({ wasm: [], overBudget: null });
        expect({ cold, homeView, after }).toEqual({ cold: { errors: [], overflowPx: 0 }, homeView: { errors: [], overflowPx: 0 }, after: { errors: [], overflowPx: 0 } });
      } finally {
        await context.close();
      }
    });
  }
});

// Issue 16: one DuckDB-wasm build and no WebAssembly Parquet decoder in the published site, which
// fits in 45 MB: 45,000,000 bytes, decimal, as the issue states it (the file sizes, not the disk
// blocks they take).
describe("the published site", () => {
  const files = (dir: string): { path: string; bytes: number }[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? files(path) : [{ path: path.slice(dist.length), bytes: statSync(path).size }];
    });

  test("dist/ is at most 45 MB, with one DuckDB-wasm build and no parquet-wasm", () => {
    const all = files(dist);
    const total = all.reduce((sum, f) => sum + f.bytes, 0);
    const parts = new Map<string, number>();
    for (const f of all) {
      const part = /^\/_npm\/(@[^/]+\/)?[^/@]+/.exec(f.path)?.[0] ?? /^\/_file\/data/.exec(f.path)?.[0] ?? "pages, runtime and the rest";
      parts.set(part, (parts.get(part) ?? 0) + f.bytes);
    }
    const largest = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([part, bytes]) => `${part} ${(bytes / 1e6).toFixed(2)} MB`);
    process.stderr.write(`dist/ ${total} bytes (${(total / 1e6).toFixed(2)} MB): ${largest.join(", ")}\n`);
    expect({
      overBudget: total > siteBudgetBytes ? `${total} bytes: ${largest.join(", ")}` : null,
      wasm: all.filter((f) => f.path.endsWith(".wasm")).map((f) => f.path.replace(/^.*\//, "")),
      parquetWasm: all.filter((f) => /parquet[-_]wasm/.test(f.path)).map((f) => f.path),
    }).toEqual({ overBudget: null, wasm: ["duckdb-eh.wasm"], parquetWasm: [] });
  });
});
