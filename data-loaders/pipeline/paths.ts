// Where things live, resolved from this file so that loaders, scripts and tests agree whatever
// their working directory.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const modelsDir = join(projectRoot, "data-loaders", "models");
export const seedsDir = join(projectRoot, "seeds");
export const defaultConfigPath = join(projectRoot, "analytics.config.yml");
export const cacheRoot = join(projectRoot, ".cache");

/** A path as a user would type it: relative to the project when inside it. */
export function displayPath(path: string): string {
  const abs = resolve(path);
  return abs.startsWith(projectRoot + "/") ? abs.slice(projectRoot.length + 1) : abs;
}
