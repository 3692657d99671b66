// Round trip on the default store (its marts built here, in a cache of the test's own): every
// export format, read back, holds every customer of customer_360 exactly once, with properties
// equal to the marts. The reference reads customer_360 and customer_clv_predictions as they are
// and works out each lifecycle stage in plain TypeScript from seeds/cohort_lifecycle_stages.csv,
// apart from the exporter's SQL.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { csvParse } from "d3-dsv";
import { Ajv } from "ajv";
import { beforeAll, expect, test } from "vitest";
import { propertyDocs } from "../../data-loaders/exports/properties.ts";
import { apiTargets, runExport } from "../../data-loaders/exports/run-export.ts";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { defaultConfigPath, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { runPipeline } from "../../data-loaders/pipeline/run.ts";
import { readParquet, tempProject } from "../helpers/temp-project.ts";
import { tempDir } from "./fixture.ts";
import { readAmplitude, readCsv, readHeap, readMixpanel, type ReadBack } from "./read-back.ts";

const config = { ...loadConfig({ configPath: defaultConfigPath, env: {} }), cacheDir: join(tempProject().root, ".cache") };
const marts = join(config.cacheDir, "marts");
const types = Object.fromEntries(Object.entries(propertyDocs).map(([name, doc]) => [name, doc.type]));
const names = Object.keys(propertyDocs);
const out = tempDir("export-default-");
let reference: Map<string, Record<string, unknown>>;

/** The stage whose month range holds the whole calendar months from the first purchase to the day before the snapshot. */
function lifecycleStage(first: Date, snapshot: Date, stages: { stage: string; first: number; last: number | null }[]): string | null {
  const lastDay = new Date(snapshot.getTime() - 86_400_000);
  const months = (lastDay.getUTCFullYear() - first.getUTCFullYear()) * 12 + (lastDay.getUTCMonth() - first.getUTCMonth());
  return stages.find((s) => months >= s.first && (s.last === null || months <= s.last))?.stage ?? null;
}

beforeAll(async () => {
  const summary = await runPipeline({ config, select: ["customer_360", "customer_clv_predictions", "cohort_stage_definitions"], log: () => {} });
  expect(summary.failed).toBe(false);
  const stages = csvParse(readFileSync(join(seedsDir, "cohort_lifecycle_stages.csv"), "utf8")).map((s) => ({ stage: s.stage!, first: Number(s.first_month), last: s.last_month ? Number(s.last_month) : null }));
  const customers = await readParquet(join(marts, "customer_360.parquet"));
  const predictions = new Map((await readParquet(join(marts, "customer_clv_predictions.parquet"))).map((p) => [String(p.customer_id), p]));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  reference = new Map(customers.map((c) => {
    const p = predictions.get(String(c.customer_id));
    return [String(c.customer_id), {
      rfm_segment: c.segment, rfm_recency_score: num(c.r_score), rfm_frequency_score: num(c.f_score), rfm_monetary_score: num(c.m_score),
      churn_status: c.churn_status, is_churned: c.is_churned, churn_risk: c.churn_risk_group, value_tier: c.cltv_tier,
      predicted_value: p ? Math.round(Number(p.predicted_value) * 100) / 100 : null, predictive_tier: p?.predictive_tier ?? null,
      lifecycle_stage: lifecycleStage(c.first_purchase_at as Date, c.snapshot_date as Date, stages),
    }];
  }));
  for (const target of ["amplitude", "mixpanel", "heap", "csv"]) await runExport({ target, outDir: out, martsDir: marts, log: () => {} });
}, 900_000);

function expectEqualToMarts(back: ReadBack, label: string) {
  expect(back.order, label).toEqual([...reference.keys()].sort());
  expect([...back.appearances.values()].every((n) => n === 1), label).toBe(true);
  let compared = 0;
  for (const [id, want] of reference) {
    const got = back.properties.get(id)!;
    for (const name of names) {
      if (name === "predicted_value" && want[name] !== null) expect(got[name], `${label} ${id} ${name}`).toBeCloseTo(want[name] as number, 9);
      else expect(got[name], `${label} ${id} ${name}`).toEqual(want[name]);
      compared++;
    }
  }
  expect(compared).toBe(reference.size * names.length);
}

test("the default store has customers in every lifecycle stage the seed defines, and some without scores", () => {
  expect(reference.size).toBeGreaterThan(1000);
  const stages = new Set([...reference.values()].map((p) => p.lifecycle_stage));
  expect(stages.has(null)).toBe(false);
  expect(stages.size).toBeGreaterThanOrEqual(4);
});

test("every format, read back, holds every customer once with the marts' properties", () => {
  expectEqualToMarts(readAmplitude(out, names), "amplitude");
  expectEqualToMarts(readMixpanel(out, names), "mixpanel");
  expectEqualToMarts(readHeap(out, names, types), "heap");
  expectEqualToMarts(readCsv(join(out, "heap-user-properties.csv"), "identity", names, types), "heap csv");
  expectEqualToMarts(readCsv(join(out, "customer-properties.csv"), "customer_id", names, types), "csv");
});

test("every batch validates against its schema and keeps under the documented limits", () => {
  for (const [target, api] of Object.entries(apiTargets)) {
    const manifest = JSON.parse(readFileSync(join(out, `${target}-manifest.json`), "utf8"));
    expect(manifest.customers_exported).toBe(reference.size);
    const validate = new Ajv({ allowUnionTypes: true }).compile(api.fileSchema);
    for (const batch of manifest.batches) {
      const payload = JSON.parse(readFileSync(join(out, batch.file), "utf8"));
      expect(validate(payload), `${batch.file}: ${JSON.stringify(validate.errors?.slice(0, 2))}`).toBe(true);
      const records = Array.isArray(payload) ? payload : (payload.identification ?? payload.users);
      expect(records.length).toBeLessThanOrEqual(api.limits.maxRecords);
      expect(Buffer.byteLength(api.request(records, "k".repeat(64)).body)).toBeLessThanOrEqual(api.limits.maxBytes);
    }
  }
});
