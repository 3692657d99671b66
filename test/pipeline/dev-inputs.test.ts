// What npm run dev reruns the pipeline for: TypeScript models and the shared code they import
// (data-loaders/lib, the SQL modules of src/components) as well as SQL, YAML, seeds and sources;
// not an editor's swap file or a page.
import { join } from "node:path";
import { expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { modelsDir, projectRoot, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { componentsDir, isPipelineInput, libDir, watchedDirs } from "../../scripts/dev-inputs.ts";

test("TypeScript models, their libraries and the shared SQL modules rerun the pipeline", () => {
  expect(isPipelineInput(modelsDir, "marts/funnel_steps.ts")).toBe(true);
  expect(isPipelineInput(modelsDir, "marts/customer_rfm.sql")).toBe(true);
  expect(isPipelineInput(modelsDir, "marts/funnels.yml")).toBe(true);
  expect(isPipelineInput(libDir, "clv/fit.ts")).toBe(true);
  expect(isPipelineInput(componentsDir, "funnel-sql.js")).toBe(true);
  expect(isPipelineInput(seedsDir, "rfm_segments.csv")).toBe(true);
  expect(isPipelineInput(modelsDir, "marts/.customer_rfm.sql.swp")).toBe(false);
  expect(isPipelineInput(componentsDir, "table.d.ts")).toBe(false);
  expect(isPipelineInput(libDir, "README.md")).toBe(false);
});

test("the watched folders include the models, the libraries, the components and each source's folder", () => {
  const config = loadConfig({ configPath: join(projectRoot, "analytics.config.yml"), env: {} });
  const dirs = watchedDirs(config).map((d) => d.dir);
  expect(dirs).toEqual(expect.arrayContaining([modelsDir, seedsDir, libDir, componentsDir, join(projectRoot, "data", "default-store")]));
});
