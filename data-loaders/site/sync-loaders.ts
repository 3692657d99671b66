// Framework cannot see that a model, seed or source behind a data loader changed. Its preview
// reruns a loader when the loader file is newer than the cached output; its build reuses any
// cached output, however old. So after each pipeline run, for every mart whose Parquet file
// changed (or whose config, loader or emitter changed), this deletes the cached output (for build) and touches the
// loader (for preview): `npm run build` and `npm run dev` always show current data. A summary
// loader <mart>.<summary>.json.ts follows the mart named before its first dot.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ProjectConfig } from "../pipeline/config.ts";
import { martFile } from "../pipeline/export-marts.ts";
import { projectRoot } from "../pipeline/paths.ts";
import { modelCatalogFingerprint, modelCatalogLoader } from "./model-catalog-inputs.ts";

export const loadersDir = join(projectRoot, "src", "data");
export const frameworkCache = join(projectRoot, "src", ".observablehq", "cache");
const recordPath = join(frameworkCache, "mart-fingerprints.json");

/** Returns the loaders it touched. */
export function syncLoaders(config: ProjectConfig, now = new Date()): string[] {
  const emitterSource = readFileSync(join(projectRoot, "data-loaders", "site", "emit-mart.ts"));
  const record: Record<string, string> = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, "utf8")) : {};
  const touched: string[] = [];
  for (const loader of readdirSync(loadersDir).filter((f) => /^\w+(\.\w+)?\.(parquet|json)\.ts$/.test(f)).sort()) {
    const mart = loader.split(".")[0];
    const file = martFile(config.cacheDir, mart);
    const data = mart === modelCatalogLoader ? `${config.name}:${modelCatalogFingerprint(config)}` : existsSync(file) ? `${config.name}:${createHash("sha256").update(readFileSync(file)).digest("hex")}` : "missing";
    // An edit to the loader itself or to the emitter it calls changes its output too.
    const fingerprint = `${data}:${createHash("sha256").update(readFileSync(join(loadersDir, loader))).update(emitterSource).digest("hex").slice(0, 16)}`;
    if (record[loader] === fingerprint) continue;
    rmSync(join(frameworkCache, "data", loader.slice(0, -".ts".length)), { force: true });
    utimesSync(join(loadersDir, loader), now, now);
    record[loader] = fingerprint;
    touched.push(loader);
  }
  mkdirSync(dirname(recordPath), { recursive: true });
  writeFileSync(recordPath, JSON.stringify(record, null, 1));
  return touched;
}
