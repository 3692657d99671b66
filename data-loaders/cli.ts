// npm run marts [-- options]: builds and tests every model without the site.
import { parseArgs } from "node:util";
import { loadConfig } from "./pipeline/config.ts";
import { environmentError, UserError } from "./pipeline/errors.ts";
import { runPipeline } from "./pipeline/run.ts";

const usage = `Usage: npm run marts -- [options]

  --select <model>       build a model and what it depends on; "<model>+" also builds what depends on it (repeatable)
  --config <file>        config file (default analytics.config.yml, or $ANALYTICS_CONFIG)
  --source <t>=<path>    read canonical table <t> from <path>, optionally "#<preset>" (repeatable)
  --var <name>=<value>   set a model variable, e.g. --var churn_window_days=120 (repeatable)
  --full-refresh         rebuild everything, ignoring the cache
  --help                 show this help

Exits 1 when a model fails or an error-severity data test fails.`;

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
    const config = loadConfig({ configPath: values.config, sources: values.source, vars: values.var });
    const summary = await runPipeline({ config, select: values.select, fullRefresh: values["full-refresh"] });
    process.exitCode = summary.failed ? 1 : 0;
  }
} catch (error) {
  // A full disk or a permission error from Node (DuckDB's are translated in duckdb.ts) is one line too, as in npm run build.
  const said = error instanceof UserError || (error instanceof TypeError && "code" in error) ? error : environmentError(error);
  if (!said) throw error;
  process.stderr.write(`\nerror: ${said.message}\n`);
  // Exit now: after a failed write (a full disk) DuckDB's threads can keep the process alive.
  process.exit(2);
}
