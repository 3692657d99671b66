// Framework 1.13 downloads every `npm:` import (and the implicit Plot, d3, Inputs, DuckDB) from a
// CDN at build time. This fills its npm cache (src/.observablehq/cache/_npm) from node_modules
// instead, so builds work offline and use exactly the versions in package-lock.json. Framework
// only downloads a /_npm/<name>@<version>/ file when it is missing from this cache.
import { build, type Plugin } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "../data-loaders/pipeline/hashing.ts";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";
import { pruneExtensionExports } from "./duckdb-wasm-exports.ts";

const cache = join(projectRoot, "src", ".observablehq", "cache", "_npm");
const stampPath = join(cache, ".vendored.json");

const vendoringCode = sha256(...[import.meta.url, new URL("./duckdb-wasm-exports.ts", import.meta.url).href].map((url) => readFileSync(fileURLToPath(url))));

const packageDir = (name: string) => join(projectRoot, "node_modules", name);
const version = (name: string): string => JSON.parse(readFileSync(join(packageDir(name), "package.json"), "utf8")).version;

// Framework 1.13 hard-codes @duckdb/duckdb-wasm 1.29.0 (DUCKDB_WASM_VERSION in its duckdb.js).
const duckdbWasmVersion = "1.29.0";

interface Vendored {
  name: string;
  /** Relative to the package directory; default: the package's browser or module entry. */
  entry?: string;
  /** Vendored siblings to import rather than inline. */
  external?: string[];
  /** Files copied verbatim (wasm, workers), or through `transform` when it names them. */
  files?: string[];
  transform?: (file: string, bytes: Uint8Array) => Uint8Array;
}

const packages: Vendored[] = [
  { name: "d3" },
  { name: "@observablehq/plot", external: ["d3", "isoformat"] },
  { name: "htl" },
  { name: "isoformat" },
  { name: "d3-dsv" },
  { name: "apache-arrow" },
  {
    name: "@duckdb/duckdb-wasm",
    entry: "dist/duckdb-browser.mjs",
    external: ["apache-arrow"],
    files: ["dist/duckdb-mvp.wasm", "dist/duckdb-browser-mvp.worker.js", "dist/duckdb-eh.wasm", "dist/duckdb-browser-eh.worker.js"],
    // Without the exports only extensions link against: 7 MB of the 35.7 MB the site ships
    // (scripts/duckdb-wasm-exports.ts says what is kept and what is lost).
    transform: (file, bytes) => (file.endsWith(".wasm") ? pruneExtensionExports(bytes).bytes : bytes),
  },
  // The site's Parquet reader (src/components/parquet-to-arrow.js): pure JavaScript, about 60 KB,
  // where Framework's parquet-wasm would put 5.4 MB of WebAssembly in dist/.
  { name: "hyparquet" },
  // Not used by the report's pages, but Framework imports it for any page that writes
  // FileAttachment("x.parquet") without an immediate method (or calls .parquet()): vendored so
  // that an analyst's own page still builds offline. It reaches dist/ only for such a page.
  { name: "parquet-wasm", entry: "esm/parquet_wasm.js", files: ["esm/parquet_wasm_bg.wasm"] },
  { name: "fzstd" },
  // d3-sankey 0.12 needs d3-array 2 and d3-shape 1, bundled in from its own node_modules.
  { name: "d3-sankey" },
  // The funnels page's chi-square p-value (src/components/breakdown-test.js), the same stdlib
  // function the build runs.
  { name: "@stdlib/math-base-special-gammainc" },
];

// Libraries Framework's client references lazily. The build only needs a version to resolve
// them; an empty <name>@<version> directory prevents a registry lookup. Using one on a page
// still needs it vendored above.
const placeholders: Record<string, string> = {
  lodash: "4.17.21", arquero: "8.0.3", echarts: "6.0.0", leaflet: "1.9.4", "mapbox-gl": "3.16.0",
  react: "19.2.0", "react-dom": "19.2.0", "topojson-client": "3.1.0", "@observablehq/sample-datasets": "1.0.1",
  "@viz-js/viz": "3.20.0", mermaid: "11.12.1", katex: "0.16.25", "sql.js": "1.13.0", exceljs: "4.4.0",
  jszip: "3.10.1", vega: "6.2.0", "vega-lite": "6.4.1", "vega-lite-api": "5.6.0", "@uwdata/vgplot": "0.21.1",
};

export async function vendorNpm(log: (line: string) => void = () => {}): Promise<void> {
  if (version("@duckdb/duckdb-wasm") !== duckdbWasmVersion) {
    throw new Error(`Framework needs @duckdb/duckdb-wasm@${duckdbWasmVersion}; node_modules has ${version("@duckdb/duckdb-wasm")}`);
  }
  // A change to how files are vendored (this file, the wasm pruning) must refill the cache too.
  const stamp = JSON.stringify([...packages.map((p) => [p.name, version(p.name)]), placeholders, vendoringCode]);
  if (existsSync(stampPath) && readFileSync(stampPath, "utf8") === stamp) return;
  rmSync(cache, { recursive: true, force: true });
  const dirOf = (name: string) => join(cache, `${name}@${version(name)}`);
  for (const pkg of packages) {
    const outDir = dirOf(pkg.name);
    const externals = new Map((pkg.external ?? []).map((n) => [n, relative(outDir, join(dirOf(n), "_esm.js"))]));
    const rewrite: Plugin = {
      name: "vendored-externals",
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          const path = externals.get(args.path);
          return path ? { path: path.startsWith(".") ? path : `./${path}`, external: true } : undefined;
        });
      },
    };
    await build({
      entryPoints: [pkg.entry ? join(packageDir(pkg.name), pkg.entry) : pkg.name],
      absWorkingDir: projectRoot,
      bundle: true, format: "esm", platform: "browser", target: "es2022", minify: true,
      mainFields: ["browser", "module", "main"], conditions: ["browser", "import"],
      outfile: join(outDir, "_esm.js"), plugins: [rewrite], logLevel: "warning",
      loader: { ".wasm": "file" }, define: { "process.env.NODE_ENV": '"production"' },
    });
    for (const file of pkg.files ?? []) {
      mkdirSync(dirname(join(outDir, file)), { recursive: true });
      if (pkg.transform) writeFileSync(join(outDir, file), pkg.transform(file, readFileSync(join(packageDir(pkg.name), file))));
      else copyFileSync(join(packageDir(pkg.name), file), join(outDir, file));
    }
    log(`  vendored ${pkg.name}@${version(pkg.name)}`);
  }
  for (const [name, v] of Object.entries(placeholders)) mkdirSync(join(cache, `${name}@${v}`), { recursive: true });
  writeFileSync(stampPath, stamp);
}

if (import.meta.url === `file://${process.argv[1]}`) await vendorNpm((line) => console.error(line));
