// The pipeline run by guard.ts in a process of its own: the request (PipelineRequest) as JSON in
// the first argument. Exits 0 when the run succeeded, 1 when a model or an error-severity test
// failed (said above), 2 after printing an error a user can act on in one line.
import { loadConfig } from "./config.ts";
import { environmentError, UserError } from "./errors.ts";
import type { PipelineRequest } from "./guard.ts";
import { runPipeline } from "./run.ts";

const request = JSON.parse(process.argv[2] ?? "{}") as PipelineRequest;
try {
  const loaded = loadConfig({ configPath: request.configPath, sources: request.sources, vars: request.vars });
  const config = request.cacheDir ? { ...loaded, cacheDir: request.cacheDir } : loaded;
  const summary = await runPipeline({ config, select: request.select, fullRefresh: request.fullRefresh, modelsRoot: request.modelsRoot, seedsRoot: request.seedsRoot });
  process.exitCode = summary.failed ? 1 : 0;
} catch (error) {
  // A full disk or a permission error from Node (DuckDB's are translated in duckdb.ts) is one line too.
  const said = error instanceof UserError || (error instanceof TypeError && "code" in error) ? error : environmentError(error);
  // Anything else is a bug: its stack, and an exit code of its own (1 means a failed model or test).
  if (!said) {
    console.error(error);
    process.exit(3);
  }
  process.stderr.write(`\nerror: ${said.message}\n`);
  // Exit now: after a failed write (a full disk) DuckDB's threads can keep the process alive.
  process.exit(2);
}
