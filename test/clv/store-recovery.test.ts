// Parameter recovery through the whole pipeline: the generator's model store (purchaseProcess
// "model": repeat purchases exactly BG/NBD in calendar time, each invoice one line at exactly its
// Gamma-Gamma spend) read as order lines, summarised one purchase per invoice day, and fitted by
// clv_fit_diagnostics. The planted parameters are in ground_truth.json (BG/NBD per week; the
// summary counts days, so alpha is compared as alpha_week * 7).
//
// Tolerances, from 20,885 customers: the well-identified quantities (mean purchase rate r / alpha,
// mean drop-out probability a / (a + b), the population's mean spend p * gamma / (q - 1)) within
// 5%; the parameters one by one within 10-15%, because r and alpha, a and b, q and gamma trade off
// along flat ridges of the likelihoods (seeds 11 and 42 land within 1-13% of each). A wrong likelihood or summary (e.g. counting the first purchase, or T from the first
// event rather than the first purchase) lands far outside both.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { generateStore } from "../../data-loaders/generator/index.ts";
import { queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { runPipeline } from "../../data-loaders/pipeline/run.ts";
import { tempProject } from "../helpers/temp-project.ts";

let fits: Row[];
let truth: { behaviour: { purchase_process: Record<string, number>; spend: Record<string, number> }; generator: { purchase_process: string } };

beforeAll(async () => {
  const project = tempProject();
  const store = join(project.root, "store");
  await generateStore({ outDir: store, seed: 11, customers: 20_000, purchaseProcess: "model" });
  truth = JSON.parse(readFileSync(join(store, "ground_truth.json"), "utf8"));
  project.write("analytics.config.yml", `name: model-store\nsources:\n  order_lines:\n    path: ${join(store, "order_lines.parquet")}\n    preset: uci_online_retail\n`);
  const summary = await runPipeline({ config: project.config(), select: ["clv_fit_diagnostics"], log: () => {} });
  expect(summary.failed).toBe(false);
  await project.withWarehouse(async (connection) => {
    fits = await queryRows(connection, "select model, converged, r, alpha, a, b, p, q, gamma from clv_fit_diagnostics where fit = 'full'");
  });
}, 600_000);

const within = (fitted: unknown, planted: number, tolerance: number) => expect(Math.abs(Number(fitted) / planted - 1)).toBeLessThan(tolerance);

test("the model store says what it planted", () => {
  expect(truth.generator.purchase_process).toBe("model");
});

test("BG/NBD fitted on the model store's order lines recovers the planted r, alpha, a, b", () => {
  const fit = fits.find((f) => f.model === "bgnbd")!;
  const { r, alpha, a, b } = truth.behaviour.purchase_process;
  const alphaDays = alpha * 7;
  expect(fit.converged).toBe(true);
  within(Number(fit.r) / Number(fit.alpha), r / alphaDays, 0.05);
  within(Number(fit.a) / (Number(fit.a) + Number(fit.b)), a / (a + b), 0.05);
  within(fit.r, r, 0.15);
  within(fit.alpha, alphaDays, 0.15);
  within(fit.a, a, 0.15);
  within(fit.b, b, 0.15);
});

test("Gamma-Gamma fitted on the model store's spends recovers the planted p, q, gamma", () => {
  const fit = fits.find((f) => f.model === "gamma_gamma")!;
  const { p, q, gamma } = truth.behaviour.spend;
  expect(fit.converged).toBe(true);
  // The population's mean spend per purchase, p * gamma / (q - 1), is what the predictions lean on.
  within((Number(fit.p) * Number(fit.gamma)) / (Number(fit.q) - 1), (p * gamma) / (q - 1), 0.05);
  within(fit.p, p, 0.1);
  within(fit.q, q, 0.15);
  within(fit.gamma, gamma, 0.15);
});
