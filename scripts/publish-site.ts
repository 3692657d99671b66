// How `npm run build` publishes without ever losing the last good site or mixing two configs:
// - one build at a time per project folder (a lock file naming the builder's pids): Framework's
//   loader cache (src/.observablehq/cache) is shared by every config, so a second build waits;
//   a lock whose processes are all gone (a killed build) is stale and taken over;
// - Framework writes into a fresh sibling folder (<site>.building-<pid>), which replaces the
//   published folder by rename only once the build succeeded and carries its stamp; leftovers of
//   a killed build are removed (or, if it died between the two renames, the previous site put
//   back) by the next build;
// - build-stamp.json in the site names the config and each mart's SHA-256, and every published
//   Parquet mart is checked against the config's mart before the swap.
import { createHash } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../data-loaders/pipeline/errors.ts";
import { martsDir } from "../data-loaders/pipeline/export-marts.ts";
import { displayPath } from "../data-loaders/pipeline/paths.ts";
import type { Log } from "../data-loaders/pipeline/progress.ts";

export const stampFile = "build-stamp.json";

interface LockContent {
  config: string;
  pids: number[];
  started: string;
  /** Who holds it, when not a site build: "a live preview (npm run dev)". */
  by?: string;
}

export interface BuildLock {
  /** Adds a child process (Framework) whose life also holds the lock. */
  addPid(pid: number): void;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(path: string): LockContent | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockContent;
  } catch {
    return undefined;
  }
}

/** Writes the whole file beside `path` first, so a reader never sees half a lock. */
function writeWhole(path: string, content: LockContent, replace: boolean): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(content));
  try {
    if (replace) renameSync(temp, path);
    else linkSync(temp, path); // fails with EEXIST when another build holds the lock
  } finally {
    rmSync(temp, { force: true });
  }
}

export async function acquireBuildLock(path: string, config: string, log: Log, { waitMs = 30 * 60_000, pollMs = 250, by }: { waitMs?: number; pollMs?: number; by?: string } = {}): Promise<BuildLock> {
  const mine: LockContent = { config, pids: [process.pid], started: new Date().toISOString(), ...(by ? { by } : {}) };
  mkdirSync(dirname(path), { recursive: true });
  const started = Date.now();
  let announced = "";
  for (;;) {
    try {
      writeWhole(path, mine, false);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readLock(path);
    if (!holder || !holder.pids.some(alive)) {
      // Stale: every process of that build is gone. Set it aside under a name of our own, so two
      // waiters cannot both delete it and then each other's fresh lock.
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
        const moved = readLock(aside);
        if (moved && holder && JSON.stringify(moved) !== JSON.stringify(holder)) {
          try { linkSync(aside, path); } catch { /* a third build took it meanwhile */ }
        } else {
          log(`  removed a stale build lock (${holder ? `config "${holder.config}", pid ${holder.pids.join(", ")}, no longer running` : "unreadable"})`);
        }
      } catch { /* someone else removed it first */ }
      rmSync(aside, { force: true });
      continue;
    }
    const who = `config "${holder.config}" (pid ${holder.pids.join(", ")}, started ${holder.started})`;
    const what = holder.by ?? "another site build";
    if (who !== announced) log(`  waiting for ${what} to finish: ${who} holds ${displayPath(path)}${holder.by ? "; stop it to go on" : ""}`);
    announced = who;
    if (Date.now() - started > waitMs) throw new UserError(`${what} (${who}) has held ${displayPath(path)} for over ${Math.round(waitMs / 60_000)} minutes; if it is stuck, stop it and run again`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return {
    addPid(pid) {
      mine.pids.push(pid);
      writeWhole(path, mine, true);
    },
    release() {
      if (readLock(path)?.pids[0] === process.pid) rmSync(path, { force: true });
    },
  };
}

// The fresh folder, the swap and the clean-up after a killed build: one definition for dist/ and marts/.
export { cleanLeftovers, stagingDir, swapIntoPlace } from "../data-loaders/pipeline/swap-folder.ts";

const sha256File = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

export interface BuildStamp {
  config: string;
  configFile: string;
  /** mart name -> SHA-256 of the Parquet file the pipeline exported. */
  marts: Record<string, string>;
}

export function buildStamp(config: { name: string; configPath: string; cacheDir: string }): BuildStamp {
  const dir = martsDir(config.cacheDir);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".parquet")).sort() : [];
  return {
    config: config.name,
    configFile: displayPath(config.configPath),
    marts: Object.fromEntries(files.map((f) => [f.slice(0, -".parquet".length), sha256File(join(dir, f))])),
  };
}

/**
 * Every Parquet mart Framework published (_file/data/<mart>.<hash>.parquet) must be the config's
 * own file, byte for byte; returns the marts that are not (a loader cache holding another
 * build's output would show here).
 */
export function foreignMarts(site: string, stamp: BuildStamp): string[] {
  const dir = join(site, "_file", "data");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((file) => {
    const match = /^(\w+)\.[0-9a-f]+\.parquet$/.exec(file);
    if (!match || !(match[1] in stamp.marts)) return [];
    return sha256File(join(dir, file)) === stamp.marts[match[1]] ? [] : [match[1]];
  });
}

export function writeStamp(site: string, stamp: BuildStamp): void {
  writeFileSync(join(site, stampFile), JSON.stringify(stamp, null, 1) + "\n");
}

/**
 * Framework writes each attached file's modification time into the pages (registerFile(...,
 * {"lastModified": ...})): the time its loader last ran, so two cold builds of the same input
 * differ. No page reads it; it is removed so a build depends on its input alone.
 */
export function dropModificationTimes(site: string): number {
  let changed = 0;
  for (const file of readdirSync(site, { recursive: true, encoding: "utf8" })) {
    if (!/\.(html|js)$/.test(file)) continue;
    const path = join(site, file);
    const text = readFileSync(path, "utf8");
    const stripped = text.replace(/,"lastModified":[0-9.eE+-]+/g, "");
    if (stripped !== text) {
      writeFileSync(path, stripped);
      changed++;
    }
  }
  return changed;
}
