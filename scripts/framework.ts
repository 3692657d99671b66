// How Framework is started by build and dev: from node_modules, offline, in UTC.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot, projectRoot } from "../data-loaders/pipeline/paths.ts";

export const frameworkEnv = { ...process.env, TZ: "UTC", OBSERVABLE_TELEMETRY_DISABLE: "true" };
export const observableBin = join(projectRoot, "node_modules", ".bin", "observable");

/** Framework's cache of data-loader output, shared by every config built in this folder. */
export const loaderCache = join(projectRoot, "src", ".observablehq", "cache", "data");
/** Held by a site build for its whole run: one build at a time may use the cache above. */
export const buildLockPath = join(cacheRoot, "site-build.lock");

/** Forgets every cached loader output (and the record of which marts they came from). */
export function clearLoaderCache(): void {
  rmSync(loaderCache, { recursive: true, force: true });
  rmSync(join(loaderCache, "..", "mart-fingerprints.json"), { force: true });
}
