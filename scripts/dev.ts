// npm run dev: Framework's live preview, plus a watcher that reruns the pipeline when a model,
// seed, test spec, config or source file changes and refreshes the loaders whose marts changed,
// so the open page shows the edit within seconds.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { dirname } from "node:path";
import { loadConfig, type ProjectConfig } from "../data-loaders/pipeline/config.ts";
import { UserError } from "../data-loaders/pipeline/errors.ts";
import { modelsDir, projectRoot, seedsDir } from "../data-loaders/pipeline/paths.ts";
import { stderrLog } from "../data-loaders/pipeline/progress.ts";
import { runPipeline } from "../data-loaders/pipeline/run.ts";
import { syncLoaders } from "../data-loaders/site/sync-loaders.ts";
import { frameworkEnv, observableBin } from "./framework.ts";
import { vendorNpm } from "./vendor-npm.ts";

let running: Promise<void> = Promise.resolve();
let pending = false;

async function rebuild(): Promise<void> {
  try {
    const config = loadConfig();
    const summary = await runPipeline({ config });
    const touched = syncLoaders(config);
    stderrLog(summary.failed ? "pipeline failed: the preview keeps the last good data" : `refreshed ${touched.length} loader(s)`);
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
  const sourceDirs = Object.values(config.sources).map((s) => dirname(s!.path));
  for (const dir of new Set([modelsDir, seedsDir, dirname(config.configPath), ...sourceDirs])) {
    watch(dir, { recursive: dir !== dirname(config.configPath) }, (_event, file) => {
      if (file && /\.(sql|yml|csv|gz|parquet|tsv)$/.test(String(file))) schedule();
    });
  }
}

await rebuild();
await vendorNpm(stderrLog);
watchInputs(loadConfig());
const preview = spawn(observableBin, ["preview", ...process.argv.slice(2)], { cwd: projectRoot, env: frameworkEnv, stdio: "inherit" });
preview.on("exit", (code) => process.exit(code ?? 0));
