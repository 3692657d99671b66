// What the model catalog (src/data/model_catalog.json.ts) is made of, as one fingerprint: it is
// not a mart, so sync-loaders cannot tell from a mart file when to refresh it. Model files and
// their YAML, seeds, pages, data loaders, the configured sources, the recorded test results and
// table columns: a change to any of them changes the fingerprint.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ProjectConfig } from "../pipeline/config.ts";
import { martFile } from "../pipeline/export-marts.ts";
import { sha256 } from "../pipeline/hashing.ts";
import { modelsDir, projectRoot, seedsDir } from "../pipeline/paths.ts";
import { tableColumnsFile } from "../pipeline/table-columns.ts";
import { testResultsTable } from "../testing/run-tests.ts";

/** The loader's mart-like name (the part of src/data/model_catalog.json.ts before the first dot). */
export const modelCatalogLoader = "model_catalog";

export function modelCatalogFingerprint(config: ProjectConfig): string {
  const src = join(projectRoot, "src");
  const files = [
    ...filesUnder(modelsDir, /\.(sql|ts|yml)$/),
    ...filesUnder(seedsDir, /\.(csv|yml)$/),
    ...filesUnder(src, /\.md$/),
    ...filesUnder(join(src, "data"), /\.ts$/),
    martFile(config.cacheDir, testResultsTable),
    tableColumnsFile(config.cacheDir),
  ];
  // Seeds are listed by name only (their rows do not reach the catalog; their columns do, via table-columns.json).
  return sha256(JSON.stringify(config.sources), ...files.flatMap((f) => [f, f.startsWith(seedsDir) && f.endsWith(".csv") ? "" : existsSync(f) ? readFileSync(f) : "missing"]));
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((entry) => {
    if (entry.startsWith(".")) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return filesUnder(path, pattern);
    return pattern.test(entry) ? [path] : [];
  });
}
