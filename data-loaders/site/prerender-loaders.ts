// The data loaders a build refreshes, run one after another in this one process, each writing its
// output where Framework caches it (src/.observablehq/cache/data/<file>), newer than the loader:
// Framework then finds every output fresh and starts no loader process of its own. Each of those
// processes loaded tsx, the config and DuckDB again, ~1.8 s apiece and most of a small store's
// build. A loader that fails here is left to Framework, which runs it as before and reports it.
//   node --import tsx data-loaders/site/prerender-loaders.ts <loader file name>...
// (scripts/build-site.ts runs it, in UTC as Framework runs loaders, with the loaders syncLoaders touched.)
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { formatMs, stderrLog } from "../pipeline/progress.ts";
import { emitInto } from "./emit-mart.ts";
import { frameworkCache, loadersDir } from "./sync-loaders.ts";

const started = performance.now();
const left: string[] = [];
for (const loader of process.argv.slice(2)) {
  const cached = join(frameworkCache, "data", loader.slice(0, -".ts".length));
  const partial = `${cached}.prerender-${process.pid}`;
  mkdirSync(dirname(cached), { recursive: true });
  emitInto(partial);
  try {
    await import(pathToFileURL(join(loadersDir, loader)).href);
    renameSync(partial, cached);
  } catch (error) {
    rmSync(partial, { force: true });
    left.push(`${loader} (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  }
}
emitInto(null);
const done = process.argv.length - 2 - left.length;
stderrLog(`  ${done} data loader(s) run in one process (${formatMs(performance.now() - started)})${left.length ? `; left to Framework: ${left.join(", ")}` : ""}`);
