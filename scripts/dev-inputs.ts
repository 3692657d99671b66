// What `npm run dev` watches, and which changed files rerun the pipeline: models (SQL, YAML and
// TypeScript), seeds, the config and the source files, the shared TypeScript of data-loaders/lib
// and the SQL modules in src/components that the TypeScript models import (funnel-sql.js, ...).
import { dirname, join } from "node:path";
import type { ProjectConfig } from "../data-loaders/pipeline/config.ts";
import { modelsDir, projectRoot, seedsDir } from "../data-loaders/pipeline/paths.ts";

export const libDir = join(projectRoot, "data-loaders", "lib");
export const componentsDir = join(projectRoot, "src", "components");

/** Folders to watch (recursively, except the config's own folder) for a config. */
export function watchedDirs(config: ProjectConfig): { dir: string; recursive: boolean }[] {
  const configDir = dirname(config.configPath);
  const sourceDirs = Object.values(config.sources).map((s) => dirname(s!.path));
  return [...new Set([modelsDir, seedsDir, libDir, componentsDir, configDir, ...sourceDirs])].map((dir) => ({ dir, recursive: dir !== configDir }));
}

/** Whether a changed file (relative to its watched folder `dir`) is an input of the pipeline. */
export function isPipelineInput(dir: string, file: string): boolean {
  if (dir === libDir) return /\.ts$/.test(file);
  if (dir === componentsDir) return /\.js$/.test(file);
  if (dir === modelsDir) return /\.(sql|yml|ts)$/.test(file);
  return /\.(sql|yml|csv|gz|parquet|tsv|json|jsonl|ndjson)$/.test(file);
}
