// The catalog is not a mart, so sync-loaders refreshes its loaders on a fingerprint of what it is
// made of: the recorded test results and table columns of the config are part of it.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { defaultConfigPath } from "../../data-loaders/pipeline/paths.ts";
import { tableColumnsFile } from "../../data-loaders/pipeline/table-columns.ts";
import { modelCatalogFingerprint } from "../../data-loaders/site/model-catalog-inputs.ts";

test("the catalog's fingerprint changes with the test results, the table columns and the sources", () => {
  const cacheDir = mkdtempSync(join(process.env.ANALYTICS_TEST_TMP ?? tmpdir(), "catalog-"));
  const config = { ...loadConfig({ configPath: defaultConfigPath, env: {} }), cacheDir };
  const empty = modelCatalogFingerprint(config);
  expect(modelCatalogFingerprint(config)).toBe(empty);
  mkdirSync(join(cacheDir, "marts"));
  writeFileSync(join(cacheDir, "marts", "data_test_results.parquet"), "results 1");
  const withResults = modelCatalogFingerprint(config);
  expect(withResults).not.toBe(empty);
  writeFileSync(join(cacheDir, "marts", "data_test_results.parquet"), "results 2");
  expect(modelCatalogFingerprint(config)).not.toBe(withResults);
  const before = modelCatalogFingerprint(config);
  writeFileSync(tableColumnsFile(cacheDir), "{}");
  expect(modelCatalogFingerprint(config)).not.toBe(before);
  expect(modelCatalogFingerprint({ ...config, sources: {} })).not.toBe(modelCatalogFingerprint(config));
});
