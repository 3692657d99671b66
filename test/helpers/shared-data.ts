// The public data sets in ../shared/data beside the clone. Tests that read one skip when it is
// absent (a fresh clone of the repository alone), with one line saying what did not run and why;
// CI has the folder and runs them all.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";

export const sharedDataDir = join(projectRoot, "..", "shared", "data");

/** The path of a shared data file, and whether it is there (printing the skip line when not). */
export function sharedDataFile(relative: string, checks: string): { path: string; present: boolean } {
  const path = join(sharedDataDir, relative);
  const present = existsSync(path);
  if (!present) console.log(`skipped: ${checks} (${path} is absent: ../shared/data is not beside this clone)`);
  return { path, present };
}

/** Several shared data files that one set of checks needs together (one skip line when any is absent). */
export function sharedDataFiles(relatives: string[], checks: string): { paths: string[]; present: boolean } {
  const paths = relatives.map((relative) => join(sharedDataDir, relative));
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length) console.log(`skipped: ${checks} (${missing.join(", ")} absent: ../shared/data is not beside this clone)`);
  return { paths, present: missing.length === 0 };
}
