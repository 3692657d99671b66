// Only DuckDB-wasm's "eh" build (WebAssembly exceptions, run by every current browser: Chrome and
// Edge 95+, Firefox 100+, Safari 15.2+) ships; the "mvp" build for older browsers is 40 MB of a
// site that would never load it. Framework 1.13.4 copies both builds into the site whatever its
// config says (getImplicitDownloads in its libraries.js lists both), and its `duckdb.platforms`
// option cannot turn mvp off: the client then throws on every DuckDBClient.of (registerExtensions
// reads `.mainModule` of the missing bundle). So the site keeps Framework's manifest (the browser
// picks eh whenever it can) and this removes the mvp files after `observable build`. A browser
// without wasm exceptions gets "Could not load" on a drill-down instead of a 40 MB download.
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** Removes the disabled platforms' files from `site`; returns the removed paths and their bytes. */
export const removedDuckDBPlatforms = ["mvp"];

export function pruneDuckDBPlatforms(site: string, disabled: string[] = removedDuckDBPlatforms): { removed: string[]; bytes: number } {
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
