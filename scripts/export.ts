// npm run export -- --to amplitude|mixpanel|heap|csv --out DIR [options]: user properties per
// customer (RFM, churn, value tier, predicted value, lifecycle stage) from the built marts, in the
// target's documented bulk format; with --send, uploaded batch by batch with retries.
import { resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../data-loaders/pipeline/config.ts";
import { UserError } from "../data-loaders/pipeline/errors.ts";
import { martsDir } from "../data-loaders/pipeline/export-marts.ts";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";
import { stderrLog } from "../data-loaders/pipeline/progress.ts";
import { apiTargets, runExport, safeUrl, targetNames } from "../data-loaders/exports/run-export.ts";

const usage = `Usage: npm run export -- --to <target> --out <dir> [options]

  --to <target>          ${targetNames.join(" | ")}
  --out <dir>            folder for the files (never inside dist/, the published site)
  --changed-since        only customers whose properties changed since the previous export
                         (state kept in <dir>/<target>-state.json)
  --batch-size <n>       fewer records per request than the API's documented limit
  --send                 upload the batches (key from ${Object.values(apiTargets).map((t) => `$${t.keyEnv}`).join(", ")})
  --endpoint <url>       send to this URL instead of the API's default
  --config <file>        config file (default analytics.config.yml, or $ANALYTICS_CONFIG)
  --help                 show this help

Reads the marts of the config: run npm run marts first. Exits 1 when a batch was not accepted
(run the same command again to send only what was not accepted), 2 on a usage error.`;

try {
  const { values } = parseArgs({
    options: {
      to: { type: "string" },
      out: { type: "string" },
      "changed-since": { type: "boolean" },
      "batch-size": { type: "string" },
      send: { type: "boolean" },
      endpoint: { type: "string" },
      config: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
  } else {
    if (!values.to) throw new UserError(`--to is required (${targetNames.join(", ")})`);
    if (!targetNames.includes(values.to)) throw new UserError(`--to: unknown target "${values.to}" (known: ${targetNames.join(", ")})`);
    if (!values.out) throw new UserError("--out <dir> is required");
    const outDir = resolve(values.out);
    const dist = resolve(projectRoot, "dist");
    if (outDir === dist || outDir.startsWith(dist + sep)) throw new UserError("--out must not be inside dist/: the site is published, customer-level exports are not");
    if (values.endpoint && !values.send) throw new UserError("--endpoint only applies with --send");
    let send: { key: string; endpoint?: string } | undefined;
    if (values.send) {
      const api = apiTargets[values.to];
      if (!api) throw new UserError(`--send: the ${values.to} target is a file only; send with --to ${Object.keys(apiTargets).join(", ")}`);
      const key = process.env[api.keyEnv];
      if (!key) throw new UserError(`--send needs the ${api.name} key in the environment variable ${api.keyEnv}`);
      if (values.endpoint) safeUrl(values.endpoint);
      send = { key, endpoint: values.endpoint };
    }
    const batchSize = values["batch-size"] === undefined ? undefined : Number(values["batch-size"]);
    const config = loadConfig({ configPath: values.config });
    const report = await runExport({
      target: values.to, outDir, martsDir: martsDir(config.cacheDir), changedOnly: values["changed-since"], batchSize, send, log: stderrLog,
    });
    if (report.sent) {
      const failed = report.batches.filter((b) => b.outcome === "rejected" || b.outcome === "gave up");
      stderrLog(`export: ${report.target} accepted ${report.acceptedCustomers.toLocaleString("en-US")} of ${report.customersExported.toLocaleString("en-US")} customers (${report.batches.length - failed.length} of ${report.batches.length} batches)`);
      for (const batch of failed) stderrLog(`export: NOT accepted: ${batch.file}, ${batch.customers} customers: ${batch.detail}`);
      if (failed.length) stderrLog("export: run the same command again to send only the batches not accepted");
      process.exitCode = failed.length ? 1 : 0;
    }
  }
} catch (error) {
  if (!(error instanceof UserError) && !(error instanceof TypeError && "code" in error)) throw error;
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
