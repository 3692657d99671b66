// Framework 1.13.4 honours `duckdb.platforms` in the page's DuckDB manifest (the browser is never
// offered a disabled build) but still copies every build's wasm and worker into the site
// (getImplicitDownloads in its libraries.js lists both). This removes the files of the builds the
// config disables, after `observable build`: the mvp build alone is 40 MB of a site that never
// loads it.
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** Removes the disabled platforms' files from `site`; returns the removed paths and their bytes. */
export function pruneDuckDBPlatforms(site: string, platforms: Record<string, boolean | undefined> = {}): { removed: string[]; bytes: number } {
  const disabled = ["mvp", "eh"].filter((p) => platforms[p] === false);
  const removed: string[] = [];
  let bytes = 0;
  const npm = join(site, "_npm", "@duckdb");
  const packages = (() => {
    try {
      return readdirSync(npm).filter((d) => d.startsWith("duckdb-wasm@"));
    } catch {
      return []; // no page uses DuckDB
    }
  })();
  for (const pkg of packages) {
    const dir = join(npm, pkg, "dist");
    for (const file of readdirSync(dir)) {
      if (!disabled.some((p) => file.startsWith(`duckdb-${p}.`) || file.startsWith(`duckdb-browser-${p}.`))) continue;
      const path = join(dir, file);
      bytes += statSync(path).size;
      rmSync(path);
      removed.push(path);
    }
  }
  return { removed, bytes };
}
