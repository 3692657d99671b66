// The models page's catalog (data-loaders/site/model-catalog.ts). Refreshed by sync-loaders when a
// model, YAML file, seed, page, loader or test result changes (model-catalog-inputs.ts).
import { existsSync } from "node:fs";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { UserError } from "../../data-loaders/pipeline/errors.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { runPipeline } from "../../data-loaders/pipeline/run.ts";
import { emitJson } from "../../data-loaders/site/emit-mart.ts";
import { buildModelCatalog } from "../../data-loaders/site/model-catalog.ts";
import { testResultsTable } from "../../data-loaders/testing/run-tests.ts";

await emitJson(async () => {
  const config = loadConfig();
  // A bare `observable build` has no test results yet; `npm run build` ran the pipeline first.
  if (!existsSync(martFile(config.cacheDir, testResultsTable)) && (await runPipeline({ config })).failed) throw new UserError("the pipeline failed; see the messages above");
  return buildModelCatalog({ config });
});
