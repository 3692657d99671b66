// Replacing a published folder (the site's dist/, a config's marts/) without ever leaving it
// missing or half written: the new content is built in a fresh sibling (<dir>.building-<pid>)
// and swapped in by two renames; a process killed meanwhile leaves leftovers that the next run,
// under the same lock, puts back or removes. One definition for both folders.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { displayPath } from "./paths.ts";
import type { Log } from "./progress.ts";

/** The fresh folder this process builds `dir`'s next content in, beside it. */
export function stagingDir(dir: string): string {
  return `${dir}.building-${process.pid}`;
}

const leftover = (dir: string, kind: "building" | "previous") => {
  const parent = dirname(dir);
  const prefix = `${basename(dir)}.${kind}-`;
  return existsSync(parent) ? readdirSync(parent).filter((f) => f.startsWith(prefix)).map((f) => join(parent, f)) : [];
};

/**
 * Run under the lock that makes this process the folder's only writer, before building: a
 * process killed between the two renames left no folder but its predecessor under
 * <dir>.previous-<pid>, which goes back; half-built folders go. `what` names the folder in the log.
 */
export function cleanLeftovers(dir: string, log: Log, what = "site"): void {
  const previous = leftover(dir, "previous").sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!existsSync(dir) && previous.length) {
    renameSync(previous.shift()!, dir);
    log(`  restored the previous ${what} into ${displayPath(dir)} (a build was stopped while swapping it)`);
  }
  const stale = [...previous, ...leftover(dir, "building")];
  for (const folder of stale) rmSync(folder, { recursive: true, force: true });
  if (stale.length) log(`  removed ${stale.length} folder(s) left by a stopped build`);
}

/** Replaces `dir` by the staged folder: two renames, never a half-written folder. */
export function swapIntoPlace(staging: string, dir: string): void {
  const previous = `${dir}.previous-${process.pid}`;
  const hadDir = existsSync(dir);
  if (hadDir) renameSync(dir, previous);
  renameSync(staging, dir);
  if (hadDir) rmSync(previous, { recursive: true, force: true });
}
