// Framework reruns a data loader only when the loader file is newer than its cached output; it
// cannot see that a model, seed or source behind the loader changed. After each pipeline run
// this touches the loader of every mart whose Parquet file changed (or whose config changed),
// so `npm run build` and `npm run dev` always show current data.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ProjectConfig } from "../pipeline/config.ts";
import { martFile } from "../pipeline/export-marts.ts";
import { projectRoot } from "../pipeline/paths.ts";

const loadersDir = join(projectRoot, "src", "data");
const recordPath = join(projectRoot, "src", ".observablehq", "cache", "mart-fingerprints.json");

/** Returns the loaders it touched. */
export function syncLoaders(config: ProjectConfig, now = new Date()): string[] {
  const record: Record<string, string> = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, "utf8")) : {};
  const touched: string[] = [];
  for (const loader of readdirSync(loadersDir).filter((f) => /^\w+\.(parquet|json)\.ts$/.test(f)).sort()) {
    const mart = loader.split(".")[0];
    const file = martFile(config.cacheDir, mart);
    const fingerprint = existsSync(file) ? `${config.name}:${createHash("sha256").update(readFileSync(file)).digest("hex")}` : "missing";
    if (record[loader] === fingerprint) continue;
    utimesSync(join(loadersDir, loader), now, now);
    record[loader] = fingerprint;
    touched.push(loader);
  }
  mkdirSync(dirname(recordPath), { recursive: true });
  writeFileSync(recordPath, JSON.stringify(record, null, 1));
  return touched;
}
