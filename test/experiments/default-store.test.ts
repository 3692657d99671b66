// The experiments of the generated default store against what the generator planted
// (data/default-store/ground_truth.json): the lift experiment's planted lift lies inside the
// reported interval (with and without CUPED, whose figures are recomputed from the raw files), the
// A/A experiment is not significant, the planted sample-ratio mismatch is flagged as invalid, and
// per-arm counts are the generator's own tally.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { defaultConfigPath, projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { runPipeline } from "../../data-loaders/pipeline/run.ts";
import { Matrix, solve } from "ml-matrix";
import { readParquet, tempProject } from "../helpers/temp-project.ts";
import { experimentMarts, plain } from "./helpers.ts";

interface Arm { logged_users: number; converted_users: number; expected_rate: number; returning_users: number }
interface PlantedExperiment {
  id: string;
  kind: "lift" | "aa" | "srm";
  is_aa: boolean;
  has_srm: boolean;
  planted_allocation: { control: number; treatment: number };
  conversion: { conversion_window_days: number };
  planted_effect: { absolute_lift: number; average_absolute_lift: number };
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
    // The average effect over the assigned users: the new visitors' lift, diluted by the returning users it does not change.
    expect(p.planted_effect.average_absolute_lift).toBeLessThan(p.planted_effect.absolute_lift);
    expect(p.planted_effect.average_absolute_lift).toBeGreaterThan(Number(row.abs_lift_ci_low));
    expect(p.planted_effect.average_absolute_lift).toBeLessThan(Number(row.abs_lift_ci_high));
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

  // Returning users are assigned too (at their first session in the window), so some analysed
  // users were active before assignment: CUPED switches on by itself with the config's pre-period.
  test("CUPED is on for the events' metrics: the experiments assign returning users, who bring a pre-period", () => {
    for (const p of planted) expect(p.arms.control.returning_users + p.arms.treatment.returning_users).toBeGreaterThan(0);
    expect(cuped.length).toBe(results.filter((r) => !r.is_control).length);
    for (const row of cuped) {
      expect(row).toMatchObject({ cuped_status: "applied", cuped_note: null });
      expect(Number(row.users_with_pre_period)).toBeGreaterThan(0);
    }
  });

  test("under CUPED the planted lift lies inside the adjusted interval, which is narrower than the raw one", () => {
    const p = planted.find((x) => x.kind === "lift")!;
    const row = cuped.find((r) => r.experiment_id === p.id && r.metric === "conversion")!;
    const planted_ = p.planted_effect.average_absolute_lift;
    expect(planted_).toBeGreaterThan(Number(row.adjusted_abs_lift_ci_low));
    expect(planted_).toBeLessThan(Number(row.adjusted_abs_lift_ci_high));
    const raw = Number(row.abs_lift_ci_high) - Number(row.abs_lift_ci_low);
    const adjusted = Number(row.adjusted_abs_lift_ci_high) - Number(row.adjusted_abs_lift_ci_low);
    expect(adjusted).toBeLessThan(raw);
    expect(Number(row.interval_width_ratio)).toBeCloseTo(adjusted / raw, 12);
    // The unadjusted lift is the metric table's.
    expect(Number(row.abs_lift)).toBeCloseTo(Number(conversion(p.id, "treatment").abs_lift), 12);
  });

  // An independent computation from the raw files: each assigned user's outcome y and pre-period x
  // in plain TypeScript, the variance reduction as the squared correlation pooled within arms, and
  // the adjusted lift as the treatment coefficient of least squares y ~ 1 + treatment + x (ml-matrix).
  test("the variance reduction and the adjusted lift match a computation from the raw rows", async () => {
    const dir = config.generate!.outDir;
    const day = 86_400;
    const windowDays = Number(config.vars.experiment_conversion_window_days);
    const preDays = Number(config.vars.experiment_cuped_pre_period_days);
    expect(preDays).toBeGreaterThan(0);
    const assignments = await readParquet(join(dir, "experiment_assignments.parquet"), "SELECT experiment_id::VARCHAR AS e, user_id::VARCHAR AS u, variant::VARCHAR AS v, epoch(assigned_at) AS at FROM t");
    const purchases = await readParquet(join(dir, "events.parquet"), "SELECT user_id::VARCHAR AS u, epoch(event_at) AS at, coalesce(revenue, 0)::DOUBLE AS revenue FROM t WHERE event_name = 'purchase'");
    const byUser = new Map<string, { at: number; revenue: number }[]>();
    for (const r of purchases) {
      const list = byUser.get(String(r.u)) ?? [];
      list.push({ at: Number(r.at), revenue: Number(r.revenue) });
      byUser.set(String(r.u), list);
    }
    const sum = (list: { at: number; revenue: number }[], from: number, to: number, f: (p: { revenue: number }) => number) =>
      list.filter((p) => p.at >= from && p.at < to).reduce((s, p) => s + f(p), 0);
    for (const p of planted) {
      const users = assignments.filter((a) => a.e === p.id).map((a) => {
        const own = byUser.get(String(a.u)) ?? [];
        const at = Number(a.at);
        const post = [at, at + windowDays * day] as const;
        const pre = [at - preDays * day, at] as const;
        return {
          treated: a.v === "treatment" ? 1 : 0,
          conversion: { y: sum(own, ...post, () => 1) > 0 ? 1 : 0, x: sum(own, ...pre, () => 1) > 0 ? 1 : 0 },
          revenue_per_user: { y: sum(own, ...post, (q) => q.revenue), x: sum(own, ...pre, (q) => q.revenue) },
        };
      });
      for (const metric of ["conversion", "revenue_per_user"] as const) {
        const row = cuped.find((r) => r.experiment_id === p.id && r.metric === metric)!;
        // Pooled within arms: sums of squares and products about each arm's own means.
        let sxx = 0, sxy = 0, syy = 0;
        for (const arm of [0, 1]) {
          const own = users.filter((u) => u.treated === arm).map((u) => u[metric]);
          const mx = own.reduce((s, u) => s + u.x, 0) / own.length;
          const my = own.reduce((s, u) => s + u.y, 0) / own.length;
          for (const u of own) {
            sxx += (u.x - mx) ** 2;
            sxy += (u.x - mx) * (u.y - my);
            syy += (u.y - my) ** 2;
          }
        }
        const reduction = (sxy * sxy) / (sxx * syy);
        expect({ id: p.id, metric, reduction: Number(row.variance_reduction) }).toEqual({ id: p.id, metric, reduction: expect.closeTo(reduction, 9) });
        expect(Number(row.theta)).toBeCloseTo(sxy / sxx, 9);
        expect(Number(row.users) + Number(row.control_users)).toBe(users.length);
        const X = new Matrix(users.map((u) => [1, u.treated, u[metric].x]));
        const y = Matrix.columnVector(users.map((u) => u[metric].y));
        const beta = solve(X, y);
        expect(Number(row.adjusted_abs_lift)).toBeCloseTo(beta.get(1, 0), 9);
      }
    }
    // What the page reports for the lift experiment: a real reduction, not a rounding artefact.
    const lift = cuped.find((r) => r.experiment_id === planted.find((x) => x.kind === "lift")!.id && r.metric === "conversion")!;
    expect(Number(lift.variance_reduction)).toBeGreaterThan(0.05);
  });
});
