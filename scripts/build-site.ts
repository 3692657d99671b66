// npm run build: marts (generating the default store if needed) -> offline npm cache ->
// refresh loaders whose marts changed -> `observable build` into a fresh folder -> stamp, check
// and swap it into dist/. One build per project folder at a time (scripts/publish-site.ts says
// why); a failed or killed build leaves the previous dist/ as it was.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadConfig } from "../data-loaders/pipeline/config.ts";
import { environmentError, UserError } from "../data-loaders/pipeline/errors.ts";
import { displayPath, projectRoot } from "../data-loaders/pipeline/paths.ts";
import { formatMs, stderrLog } from "../data-loaders/pipeline/progress.ts";
import { runPipelineGuarded } from "../data-loaders/pipeline/guard.ts";
import { syncLoaders } from "../data-loaders/site/sync-loaders.ts";
import siteConfig from "../observablehq.config.ts";
import { buildLockPath, clearLoaderCache, frameworkEnv, observableBin } from "./framework.ts";
import { pruneDuckDBPlatforms } from "./prune-duckdb.ts";
import { acquireBuildLock, buildStamp, cleanLeftovers, dropModificationTimes, foreignMarts, stagingDir, swapIntoPlace, writeStamp, type BuildLock } from "./publish-site.ts";
import { vendorNpm } from "./vendor-npm.ts";

// Where the site is published (dist/, or ANALYTICS_SITE_DIR as the config file reads it).
const site = resolve(projectRoot, siteConfig.output);
const staging = stagingDir(site);
let lock: BuildLock | undefined;
// The child running now (the loaders, then Framework), stopped with the build.
let child: ReturnType<typeof spawn> | undefined;

// Ctrl-C, a cancelled job or `kill`: stop the child, drop the half-built folder, free the lock.
// (SIGKILL cannot be caught: the next build cleans up after it.)
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    child?.kill(signal);
    cleanUpStaging();
    lock?.release();
    process.stderr.write(`\nbuild stopped (${signal}); ${displayPath(site)} was left as it was\n`);
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal]);
  });
}

function cleanUpStaging(): void {
  rmSync(staging, { recursive: true, force: true });
}

/** A child process of the build (stopped with it, its pid in the lock); resolves to its exit code, null when killed. */
function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((done, fail) => {
    child = spawn(command, args, { cwd: projectRoot, env, stdio: "inherit" });
    if (child.pid) lock?.addPid(child.pid);
    child.on("error", fail);
    child.on("exit", (code, signal) => done(signal ? null : code));
  });
}

try {
  const started = performance.now();
  const config = loadConfig();
  lock = await acquireBuildLock(buildLockPath, config.name, stderrLog);
  cleanLeftovers(site, stderrLog);
  // In a child process (guard.ts): a Node heap that runs out, or the system's out-of-memory
  // killer, is said with the step that was running, and the site is left as it was.
  const outcome = await runPipelineGuarded({ configPath: config.configPath }, {
    cacheDir: config.cacheDir,
    onSpawn: (pipeline) => {
      child = pipeline;
      if (pipeline.pid) lock?.addPid(pipeline.pid);
    },
  });
  if (outcome.status === "died") throw new UserError(`${outcome.message}; the site was not built and ${displayPath(site)} was left as it was`);
  if (outcome.status !== "succeeded") throw new UserError(`the pipeline failed (see above); the site was not built and ${displayPath(site)} was left as it was`);
  stderrLog("site");
  await vendorNpm(stderrLog);
  const touched = syncLoaders(config);
  stderrLog(`  ${touched.length} data loader(s) refreshed`);
  // The refreshed loaders in one process, in UTC as Framework runs them (data-loaders/site/prerender-loaders.ts).
  // A failure there costs only time: Framework runs whatever was not written, as before.
  if (touched.length) await runChild(process.execPath, ["--import", "tsx", join(projectRoot, "data-loaders", "site", "prerender-loaders.ts"), ...touched], frameworkEnv);
  const status = await runChild(observableBin, ["build"], { ...frameworkEnv, ANALYTICS_SITE_DIR: staging });
  if (status !== 0) throw new UserError(`observable build ${status === null ? "was killed" : `exited with ${status}`}; ${displayPath(site)} was left as it was`);
  const pruned = pruneDuckDBPlatforms(staging);
  if (pruned.removed.length) stderrLog(`  removed ${pruned.removed.length} file(s) of disabled DuckDB-wasm builds (${(pruned.bytes / 1e6).toFixed(1)} MB)`);
  dropModificationTimes(staging);
  const stamp = buildStamp(config);
  const foreign = foreignMarts(staging, stamp);
  if (foreign.length) {
    clearLoaderCache();
    throw new UserError(`the built site carried data that is not config "${config.name}"'s (${foreign.join(", ")}): Framework's loader cache was cleared; run the build again. ${displayPath(site)} was left as it was`);
  }
  writeStamp(staging, stamp);
  swapIntoPlace(staging, site);
  stderrLog(`site of config "${config.name}" published in ${displayPath(site)}/ (${formatMs(performance.now() - started)} in all)`);
} catch (error) {
  cleanUpStaging();
  // A full disk or a permission error from Node (DuckDB's are translated in duckdb.ts) is one line too.
  const said = error instanceof UserError ? error : environmentError(error);
  if (!said) throw error;
  process.stderr.write(`\nerror: ${said.message}\n`);
  process.exitCode = 1;
} finally {
  lock?.release();
}
