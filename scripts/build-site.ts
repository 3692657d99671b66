// npm run build: marts (generating the default store if needed) -> offline npm cache ->
// refresh loaders whose marts changed -> `observable build` into dist/.
import { spawnSync } from "node:child_process";
import { loadConfig } from "../data-loaders/pipeline/config.ts";
import { UserError } from "../data-loaders/pipeline/errors.ts";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";
import { frameworkEnv, observableBin } from "./framework.ts";
import { formatMs, stderrLog } from "../data-loaders/pipeline/progress.ts";
import { runPipeline } from "../data-loaders/pipeline/run.ts";
import { syncLoaders } from "../data-loaders/site/sync-loaders.ts";
import { vendorNpm } from "./vendor-npm.ts";
import { pruneDuckDBPlatforms } from "./prune-duckdb.ts";
import siteConfig from "../observablehq.config.ts";
import { resolve } from "node:path";

try {
  const started = performance.now();
  const config = loadConfig();
  const summary = await runPipeline({ config });
  if (summary.failed) throw new UserError("the pipeline failed (see above); the site was not built");
  stderrLog("site");
  await vendorNpm(stderrLog);
  const touched = syncLoaders(config);
  stderrLog(`  ${touched.length} data loader(s) refreshed`);
  const framework = spawnSync(observableBin, ["build"], { cwd: projectRoot, env: frameworkEnv, stdio: "inherit" });
  if (framework.status !== 0) throw new UserError(`observable build exited with ${framework.status}`);
  const pruned = pruneDuckDBPlatforms(resolve(projectRoot, siteConfig.output));
  if (pruned.removed.length) stderrLog(`  removed ${pruned.removed.length} file(s) of disabled DuckDB-wasm builds (${(pruned.bytes / 1e6).toFixed(1)} MB)`);
  stderrLog(`site built in dist/ (${formatMs(performance.now() - started)} in all)`);
} catch (error) {
  if (!(error instanceof UserError)) throw error;
  process.stderr.write(`\nerror: ${error.message}\n`);
  process.exitCode = 1;
}
