// npm run dev: Framework's live preview, plus a watcher that reruns the pipeline when a model
// (SQL or TypeScript), seed, test spec, config, source file, shared library (data-loaders/lib) or
// shared SQL module (src/components) changes and refreshes the loaders whose marts changed, so the
// open page shows the edit within seconds. Each rerun is a fresh process (npm run marts), since a
// long-lived one would keep the first version of every TypeScript module it imported.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { join } from "node:path";
import { loadConfig, type ProjectConfig } from "../data-loaders/pipeline/config.ts";
import { UserError } from "../data-loaders/pipeline/errors.ts";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";
import { stderrLog } from "../data-loaders/pipeline/progress.ts";
import { syncLoaders } from "../data-loaders/site/sync-loaders.ts";
import { isPipelineInput, watchedDirs } from "./dev-inputs.ts";
import { buildLockPath, frameworkEnv, observableBin } from "./framework.ts";
import { acquireBuildLock, type BuildLock } from "./publish-site.ts";
import { vendorNpm } from "./vendor-npm.ts";

let running: Promise<void> = Promise.resolve();
let pending = false;

/** The pipeline in a child process (its progress on this terminal); resolves to whether it succeeded. */
function runMarts(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "data-loaders", "cli.ts")], { cwd: projectRoot, env: frameworkEnv, stdio: ["ignore", "ignore", "inherit"] });
    child.on("exit", (code) => resolve(code === 0));
    child.on("error", () => resolve(false));
  });
}

async function rebuild(): Promise<void> {
  try {
    const config = loadConfig();
    const succeeded = await runMarts();
    const touched = syncLoaders(config);
    stderrLog(succeeded ? `refreshed ${touched.length} loader(s)` : "pipeline failed: the preview keeps the last good data");
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    stderrLog(`error: ${error.message}`);
  }
}

/** Coalesces bursts of file events (an editor's save is several) into one rerun at a time. */
function schedule(): void {
  if (pending) return;
  pending = true;
  running = running.then(() => new Promise((resolve) => setTimeout(resolve, 300))).then(() => {
    pending = false;
    return rebuild();
  });
}

function watchInputs(config: ProjectConfig): void {
  for (const { dir, recursive } of watchedDirs(config)) {
    watch(dir, { recursive }, (_event, file) => {
      if (file && isPipelineInput(dir, String(file))) schedule();
    });
  }
}

// The preview's loaders write Framework's loader cache, shared by every config built in this
// folder, and the pipeline writes the config's warehouse: the preview holds the site-build lock
// for its whole life, as a build does (a build started meanwhile waits and says it is the preview).
let lock: BuildLock | undefined;
try {
  lock = await acquireBuildLock(buildLockPath, loadConfig().name, stderrLog, { by: "a live preview (npm run dev)" });
} catch (error) {
  if (!(error instanceof UserError)) throw error;
  stderrLog(`error: ${error.message}`);
  process.exit(1);
}
let preview: ReturnType<typeof spawn> | undefined;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    preview?.kill(signal);
    lock?.release();
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal]);
  });
}

await rebuild();
await vendorNpm(stderrLog);
watchInputs(loadConfig());
preview = spawn(observableBin, ["preview", ...process.argv.slice(2)], { cwd: projectRoot, env: frameworkEnv, stdio: "inherit" });
if (preview.pid) lock?.addPid(preview.pid);
preview.on("exit", (code) => {
  lock?.release();
  process.exit(code ?? 0);
});
