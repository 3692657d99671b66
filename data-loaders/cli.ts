// npm run marts [-- options]: builds and tests every model without the site.
import { parseArgs } from "node:util";
import { loadConfig } from "./pipeline/config.ts";
import { environmentError, UserError } from "./pipeline/errors.ts";
import { runPipelineGuarded } from "./pipeline/guard.ts";

const usage = `Usage: npm run marts -- [options]

  --select <model>       build a model and what it depends on; "<model>+" also builds what depends on it (repeatable)
  --config <file>        config file (default analytics.config.yml, or $ANALYTICS_CONFIG)
  --source <t>=<path>    read canonical table <t> from <path>, optionally "#<preset>" (repeatable)
  --var <name>=<value>   set a model variable, e.g. --var churn_window_days=120 (repeatable)
  --full-refresh         rebuild everything, ignoring the cache
  --help                 show this help

Exits 1 when a model fails or an error-severity data test fails, 2 on an error in the input or
the machine (said in one line), also when the pipeline runs out of memory.`;

try {
  const { values } = parseArgs({
    options: {
      select: { type: "string", multiple: true, short: "s" },
      config: { type: "string" },
      source: { type: "string", multiple: true },
      var: { type: "string", multiple: true },
      "full-refresh": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
  } else {
    // Checked here first, so that a bad config or option is said once, by this process.
    const config = loadConfig({ configPath: values.config, sources: values.source, vars: values.var });
    // In a child process this one watches (guard.ts): if Node's heap runs out or the system kills
    // it, this process says what was running and which limit was hit.
    const outcome = await runPipelineGuarded({ configPath: config.configPath, sources: values.source, vars: values.var, select: values.select, fullRefresh: values["full-refresh"] }, {
      cacheDir: config.cacheDir,
      onSpawn: (child) => {
        for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => child.kill(signal));
      },
    });
    if (outcome.status === "died") throw new UserError(outcome.message);
    process.exitCode = { succeeded: 0, failed: 1, error: 2 }[outcome.status];
  }
} catch (error) {
  // A full disk or a permission error from Node (DuckDB's are translated in duckdb.ts) is one line too, as in npm run build.
  const said = error instanceof UserError || (error instanceof TypeError && "code" in error) ? error : environmentError(error);
  if (!said) throw error;
  process.stderr.write(`\nerror: ${said.message}\n`);
  // Exit now: after a failed write (a full disk) DuckDB's threads can keep the process alive.
  process.exit(2);
}
