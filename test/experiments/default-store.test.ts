// The experiments of the generated default store against what the generator planted
// (data/default-store/ground_truth.json): the lift experiment's planted lift lies inside the
// reported interval, the A/A experiment is not significant, the planted sample-ratio mismatch is
// flagged as invalid, and per-arm counts are the generator's own tally.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { defaultConfigPath, projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { runPipeline } from "../../data-loaders/pipeline/run.ts";
import { readParquet, tempProject } from "../helpers/temp-project.ts";
import { experimentMarts, plain } from "./helpers.ts";

interface Arm { logged_users: number; converted_users: number; expected_rate: number }
interface PlantedExperiment {
  id: string;
  kind: "lift" | "aa" | "srm";
  is_aa: boolean;
  has_srm: boolean;
  planted_allocation: { control: number; treatment: number };
  conversion: { conversion_window_days: number };
  planted_effect: { absolute_lift: number };
  arms: { control: Arm; treatment: Arm };
  population: string;
  split: { cause: string | null };
}

const generatorPresent = existsSync(join(projectRoot, "data-loaders", "generator", "index.ts"));

describe.skipIf(!generatorPresent)("default store", () => {
  const cacheDir = join(tempProject().root, ".cache");
  const config = { ...loadConfig({ configPath: defaultConfigPath, env: {} }), cacheDir };
  let planted: PlantedExperiment[];
  let summaries: Record<string, unknown>[];
  let results: Record<string, unknown>[];
  let cuped: Record<string, unknown>[];
  let sliceSrm: Record<string, unknown>[];
  let failedTests: string[];

  beforeAll(async () => {
    const summary = await runPipeline({ config, select: experimentMarts, log: () => {} });
    failedTests = summary.tests.filter((t) => t.status === "fail").map((t) => t.test.id);
    const truth = JSON.parse(readFileSync(join(config.generate!.outDir, "ground_truth.json"), "utf8"));
    planted = truth.experiments;
    summaries = plain(await readParquet(martFile(cacheDir, "experiment_summary")));
    results = plain(await readParquet(martFile(cacheDir, "experiment_results")));
    cuped = plain(await readParquet(martFile(cacheDir, "experiment_cuped")));
    sliceSrm = plain(await readParquet(martFile(cacheDir, "experiment_breakdown_srm"))).filter((r) => r.is_control);
  });

  const summaryOf = (id: string) => summaries.find((s) => s.experiment_id === id)!;
  const conversion = (id: string, variant: string) => results.find((r) => r.experiment_id === id && r.metric === "conversion" && r.variant === variant)!;

  test("the data tests pass, and the store has a lift, an A/A and an SRM experiment", () => {
    expect(failedTests).toEqual([]);
    expect(planted.map((p) => p.kind).sort()).toEqual(["aa", "lift", "srm"]);
    expect(summaries.map((s) => s.experiment_id).sort()).toEqual(planted.map((p) => p.id).sort());
  });

  test("the conversion window of the config is the one the generator used", () => {
    for (const p of planted) expect(config.vars.experiment_conversion_window_days).toBe(p.conversion.conversion_window_days);
  });

  test("users and conversions per arm are the generator's tally", () => {
    for (const p of planted) {
      for (const arm of ["control", "treatment"] as const) {
        const row = conversion(p.id, arm);
        expect({ id: p.id, arm, users: row.users, conversions: row.successes }).toEqual({ id: p.id, arm, users: p.arms[arm].logged_users, conversions: p.arms[arm].converted_users });
      }
    }
  });

  test("the planted lift lies inside the reported interval, and the lift is found", () => {
    const p = planted.find((x) => x.kind === "lift")!;
    const row = conversion(p.id, "treatment");
    expect(p.planted_effect.absolute_lift).toBeGreaterThan(Number(row.abs_lift_ci_low));
    expect(p.planted_effect.absolute_lift).toBeLessThan(Number(row.abs_lift_ci_high));
    // The difference of the arms' true mean probabilities too (the planted lift plus composition noise).
    const trueDifference = p.arms.treatment.expected_rate - p.arms.control.expected_rate;
    expect(trueDifference).toBeGreaterThan(Number(row.abs_lift_ci_low));
    expect(trueDifference).toBeLessThan(Number(row.abs_lift_ci_high));
    expect(summaryOf(p.id)).toMatchObject({ srm_status: "ok", verdict: "significant improvement" });
  });

  test("the A/A experiment is not significant", () => {
    const p = planted.find((x) => x.is_aa)!;
    expect(Number(conversion(p.id, "treatment").p_value_adjusted)).toBeGreaterThanOrEqual(0.05);
    expect(summaryOf(p.id)).toMatchObject({ srm_status: "ok", verdict: "no significant difference" });
    // Zero, the planted effect, is inside its interval.
    const row = conversion(p.id, "treatment");
    expect(Number(row.abs_lift_ci_low)).toBeLessThan(0);
    expect(Number(row.abs_lift_ci_high)).toBeGreaterThan(0);
  });

  test("the planted sample-ratio mismatch is flagged as invalid, and it alone", () => {
    const p = planted.find((x) => x.has_srm)!;
    expect(summaryOf(p.id)).toMatchObject({ srm_status: "invalid", verdict: "invalid: sample ratio mismatch" });
    expect(Number(summaryOf(p.id).srm_p_value)).toBeLessThan(0.001);
    for (const other of planted.filter((x) => !x.has_srm)) expect(summaryOf(other.id).srm_status).toBe("ok");
  });

  test("the sample-ratio check per slice points at the device whose treatment logs the generator lost", () => {
    const p = planted.find((x) => x.has_srm)!;
    const own = sliceSrm.filter((r) => r.experiment_id === p.id);
    const worst = [...own].sort((a, b) => Number(a.p_value_adjusted) - Number(b.p_value_adjusted))[0];
    expect(worst.dimension).toBe("device");
    expect(p.split.cause).toContain(String(worst.slice));
    expect(worst.srm_status).toBe("invalid");
    // The other devices' splits hold, and no slice of the experiments without a mismatch is flagged.
    for (const r of own.filter((x) => x.dimension === "device" && x.slice !== worst.slice)) expect(r.srm_status).toBe("ok");
    for (const other of planted.filter((x) => !x.has_srm)) {
      expect(sliceSrm.filter((r) => r.experiment_id === other.id && r.srm_status !== "ok")).toEqual([]);
    }
  });

  // The generator assigns new visitors at their first session: nobody did anything before assignment,
  // so there is no pre-period covariate and CUPED must say it is off rather than report a reduction.
  test("CUPED is off on every metric, with the reason: the experiments' users are new visitors", () => {
    for (const p of planted) expect(p.population).toMatch(/^New visitors/);
    expect(cuped.length).toBe(results.filter((r) => !r.is_control).length);
    for (const row of cuped) {
      expect(row).toMatchObject({ cuped_status: "off: no analysed user was active before assignment", users_with_pre_period: 0, theta: null });
      expect(row.abs_lift).not.toBeNull();
    }
  });
});
