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
