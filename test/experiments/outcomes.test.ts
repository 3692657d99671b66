// A flat export with several outcome columns (issue 18): one build gives one metric per outcome,
// named as the config names it, all corrected together. Every figure is checked against a
// recomputation in this file from the fixture's own rows (its own normal and t distributions,
// Welch-Satterthwaite, Holm and Benjamini-Hochberg), not through the project's statistics code.
import { beforeAll, describe, expect, test } from "vitest";
import type { TempProject } from "../helpers/temp-project.ts";
import { experimentProject, plain, runExperiments } from "./helpers.ts";
import { mulberry32 } from "../helpers/seeded-random.ts";

// --- the fixture: a mobile game's export, one row per player (seeded, so the same every run) ---
interface Player { id: string; version: string; retention_1: boolean | null; retention_7: boolean; rounds: number | null }
const random = mulberry32(18);
const players: Player[] = Array.from({ length: 1000 }, (_, i) => {
  const version = i % 2 === 0 ? "gate_30" : "gate_40";
  const treated = version === "gate_40";
  return {
    id: `p${String(i).padStart(4, "0")}`,
    version,
    // Two blank day-1 flags and one blank count: those players are not that metric's users.
    retention_1: i === 7 || i === 8 ? null : random() < (treated ? 0.44 : 0.45),
    retention_7: random() < (treated ? 0.15 : 0.21),
    rounds: i === 11 ? null : Math.floor(-(treated ? 36 : 48) * Math.log(1 - random())),
  };
});
// retention_1 written true/false, retention_7 written 1/0, as exports mix them.
const csv = ["userid,version,retention_1,retention_7,sum_gamerounds",
  ...players.map((p) => `${p.id},${p.version},${p.retention_1 === null ? "" : p.retention_1 ? "True" : "False"},${p.retention_7 ? 1 : 0},${p.rounds ?? ""}`)].join("\n");
const plan = "experiment_id,variant,planned_share,is_control,landing_page\ncookie_cats,gate_30,0.5,true,\ncookie_cats,gate_40,0.5,false,\n";
const config = (correction: string) => `name: test
sources:
  experiment_assignments:
    path: players.csv
    preset: canonical
    columns: {experiment_id: null, user_id: userid, variant: version, assigned_at: null}
    outcomes:
      - {column: retention_1, kind: proportion, label: day-1 retention}
      - {column: retention_7, kind: proportion, label: day-7 retention, role: primary}
      - {column: sum_gamerounds, name: rounds, kind: mean, label: rounds played, role: guardrail, harm_threshold: 0.05}
vars:
  experiment_default_id: cookie_cats
  experiment_correction: ${correction}
`;

// --- independent references ---
/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
const normalTwoSided = (z: number) => 1 - erf(Math.abs(z) / Math.SQRT2);
/** Regularised incomplete beta by its continued fraction (Lentz), for Student's t. */
function incompleteBeta(x: number, a: number, b: number): number {
  const lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  let c = 1, d = 1 - ((a + b) * x) / (a + 1), f;
  d = 1 / d; f = d;
  for (let m = 1; m < 500; m++) {
    for (const numerator of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 + numerator * d; c = 1 + numerator / c; d = 1 / d; f *= c * d;
    }
  }
  return (Math.exp(lnFront) * f) / a;
}
/** log Gamma by Lanczos (g = 7). */
function lgamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
const tTwoSidedP = (t: number, df: number) => incompleteBeta(df / (df + t * t), df / 2, 0.5);
const Z975 = 1.959963984540054;

function proportion(version: string, pick: (p: Player) => boolean | null) {
  const values = players.filter((p) => p.version === version).map(pick).filter((v): v is boolean => v !== null);
  return { n: values.length, x: values.filter(Boolean).length };
}
function meanOf(version: string) {
  const values = players.filter((p) => p.version === version && p.rounds !== null).map((p) => p.rounds!);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return { n: values.length, mean, variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) };
}
function zTest(c: { n: number; x: number }, v: { n: number; x: number }) {
  const pooled = (c.x + v.x) / (c.n + v.n);
  const z = (v.x / v.n - c.x / c.n) / Math.sqrt(pooled * (1 - pooled) * (1 / c.n + 1 / v.n));
  return { z, p: normalTwoSided(z) };
}

describe("a flat export with two proportion outcomes and a count", () => {
  let project: TempProject;
  let failedTests: string[];
  let rows: Record<string, unknown>[];
  beforeAll(async () => {
    project = experimentProject({ "players.csv": csv, "analytics.config.yml": config("holm") }, plan);
    ({ failedTests } = await runExperiments(project));
    rows = plain(await project.mart("experiment_results"));
  }, 60_000);

  test("one build: every data test passes and the table has three metrics, named and labelled as configured", () => {
    expect(failedTests).toEqual([]);
    expect(rows.map((r) => [r.metric, r.metric_label, r.metric_kind, r.metric_role, r.variant])).toEqual([
      ["retention_1", "day-1 retention", "proportion", "secondary", "gate_30"],
      ["retention_1", "day-1 retention", "proportion", "secondary", "gate_40"],
      ["retention_7", "day-7 retention", "proportion", "primary", "gate_30"],
      ["retention_7", "day-7 retention", "proportion", "primary", "gate_40"],
      ["rounds", "rounds played", "mean", "guardrail", "gate_30"],
      ["rounds", "rounds played", "mean", "guardrail", "gate_40"],
    ]);
  });

  test("each proportion: users, successes, rate, z and p equal a recomputation from the rows", () => {
    for (const [metric, pick] of [["retention_1", (p: Player) => p.retention_1], ["retention_7", (p: Player) => p.retention_7]] as const) {
      const c = proportion("gate_30", pick);
      const v = proportion("gate_40", pick);
      const control = rows.find((r) => r.metric === metric && r.variant === "gate_30")!;
      const variant = rows.find((r) => r.metric === metric && r.variant === "gate_40")!;
      expect([control.users, control.successes, variant.users, variant.successes]).toEqual([c.n, c.x, v.n, v.x]);
      expect(Number(variant.value)).toBeCloseTo(v.x / v.n, 12);
      expect(Number(variant.abs_lift)).toBeCloseTo(v.x / v.n - c.x / c.n, 12);
      const { z, p } = zTest(c, v);
      expect(Number(variant.z_statistic)).toBeCloseTo(z, 9);
      expect(Math.abs(Number(variant.p_value) - p)).toBeLessThan(1e-6);
    }
    // The two blank day-1 flags are not day-1 users; every player is a day-7 user.
    expect(rows.filter((r) => r.metric === "retention_1").reduce((s, r) => s + Number(r.users), 0)).toBe(998);
    expect(rows.filter((r) => r.metric === "retention_7").reduce((s, r) => s + Number(r.users), 0)).toBe(1000);
  });

  test("the count: mean, Welch t, its degrees of freedom and p equal a recomputation", () => {
    const c = meanOf("gate_30");
    const v = meanOf("gate_40");
    const variant = rows.find((r) => r.metric === "rounds" && r.variant === "gate_40")!;
    expect(variant.users).toBe(v.n);
    expect(v.n + c.n).toBe(999);
    expect(Number(variant.value)).toBeCloseTo(v.mean, 9);
    const se = Math.sqrt(c.variance / c.n + v.variance / v.n);
    const t = (v.mean - c.mean) / se;
    const df = se ** 4 / ((c.variance / c.n) ** 2 / (c.n - 1) + (v.variance / v.n) ** 2 / (v.n - 1));
    expect(Number(variant.t_statistic)).toBeCloseTo(t, 9);
    expect(Number(variant.t_df)).toBeCloseTo(df, 6);
    expect(Math.abs(Number(variant.t_p_value) - tTwoSidedP(t, df))).toBeLessThan(1e-9);
  });

  test("the three comparisons are one family under Holm, and the guardrail states harm against its threshold", () => {
    const compared = rows.filter((r) => !r.is_control);
    const p = compared.map((r) => Number(r.p_value));
    const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
    const holm: number[] = [];
    let running = 0;
    order.forEach((index, rank) => (holm[index] = running = Math.max(running, Math.min(1, (3 - rank) * p[index]))));
    compared.forEach((r, i) => {
      expect(r.comparisons).toBe(3);
      expect(r.correction).toBe("Holm");
      expect(Number(r.p_value_adjusted)).toBeCloseTo(holm[i], 12);
    });
    // Guardrail: relative change in rounds by the delta method on the log ratio, recomputed.
    const c = meanOf("gate_30");
    const v = meanOf("gate_40");
    const se = Math.sqrt(c.variance / (c.n * c.mean ** 2) + v.variance / (v.n * v.mean ** 2));
    const relHigh = Math.exp(Math.log(v.mean / c.mean) + Z975 * se) - 1;
    const guardrail = compared.find((r) => r.metric === "rounds")!;
    expect(Number(guardrail.rel_lift_ci_high)).toBeCloseTo(relHigh, 9);
    expect([guardrail.harm_threshold, guardrail.harm_direction]).toEqual([0.05, "decrease"]);
    // The planted 25% drop: even the interval's mildest end is a loss of more than 5%.
    expect(-relHigh).toBeGreaterThan(0.05);
    expect(guardrail.guardrail_verdict).toBe("harm detected");
    expect(compared.filter((r) => r.metric !== "rounds").map((r) => r.guardrail_verdict)).toEqual([null, null]);
  });

  test("the always-valid (mSPRT) p-value and interval of day-7 retention equal the mixture formula worked here", () => {
    const c = proportion("gate_30", (p) => p.retention_7);
    const v = proportion("gate_40", (p) => p.retention_7);
    const [p0, p1] = [c.x / c.n, v.x / v.n];
    const V = (p0 * (1 - p0)) / c.n + (p1 * (1 - p1)) / v.n;
    const tau2 = V * (2 * Math.log(20) + Math.log(1 + 2 * Math.log(20)));
    const d = p1 - p0;
    const lambda = Math.sqrt(V / (V + tau2)) * Math.exp((tau2 * d * d) / (2 * V * (V + tau2)));
    const half = Math.sqrt(((V * (V + tau2)) / tau2) * (Math.log((V + tau2) / V) + 2 * Math.log(20)));
    const row = rows.find((r) => r.metric === "retention_7" && r.variant === "gate_40")!;
    expect(Number(row.sequential_p_value)).toBeCloseTo(Math.min(1, 1 / lambda), 12);
    expect(Number(row.sequential_abs_ci_low)).toBeCloseTo(d - half, 12);
    expect(Number(row.sequential_abs_ci_high)).toBeCloseTo(d + half, 12);
    // Peeking-safe costs width: wider than the fixed-horizon interval.
    expect(Number(row.sequential_abs_ci_high) - Number(row.sequential_abs_ci_low)).toBeGreaterThan(Number(row.abs_lift_ci_high) - Number(row.abs_lift_ci_low));
  });

  test("the summary's verdict is on the declared primary metric, day-7 retention", async () => {
    const [summary] = plain(await project.mart("experiment_summary"));
    const primary = rows.find((r) => r.metric === "retention_7" && r.variant === "gate_40")!;
    expect(summary).toMatchObject({ experiment_id: "cookie_cats", primary_metric: "retention_7", primary_metric_label: "day-7 retention", outcome_source: "export", users_analysed: 1000, correction: "Holm" });
    expect(summary.p_value_adjusted).toBe(primary.p_value_adjusted);
  });

  test("no pre-period and no events: CUPED is off on every outcome with the reason, and there are no breakdowns", async () => {
    const cuped = plain(await project.mart("experiment_cuped"));
    expect(cuped.map((r) => [r.metric, r.variant, r.cuped_status])).toEqual(["retention_1", "retention_7", "rounds"].map((m) => [m, "gate_40", "off: no pre-period data"]));
    expect(cuped.every((r) => String(r.cuped_note).includes("flat export") && r.adjusted_abs_lift === null)).toBe(true);
    expect(await project.mart("experiment_breakdowns")).toEqual([]);
    expect(await project.mart("experiment_breakdown_srm")).toEqual([]);
  });

  test("Benjamini-Hochberg, when the config names it, adjusts the same family step-up", async () => {
    const other = experimentProject({ "players.csv": csv, "analytics.config.yml": config("benjamini_hochberg") }, plan);
    await runExperiments(other);
    const compared = plain(await other.mart("experiment_results")).filter((r) => !r.is_control);
    const p = compared.map((r) => Number(r.p_value));
    const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
    const bh: number[] = [];
    let running = 1;
    for (let rank = 2; rank >= 0; rank--) bh[order[rank]] = running = Math.min(running, (3 * p[order[rank]]) / (rank + 1));
    compared.forEach((r, i) => {
      expect(r.correction).toBe("Benjamini-Hochberg");
      expect(Number(r.p_value_adjusted)).toBeCloseTo(bh[i], 12);
    });
    const [settings] = plain(await other.mart("experiment_settings"));
    expect(settings.correction).toBe("Benjamini-Hochberg");
  }, 60_000);

  test("a config error names the entry and key; a missing outcome column names the file and the column", async () => {
    const bad = experimentProject({ "players.csv": csv, "analytics.config.yml": config("holm").replace("kind: mean", "kind: average") }, plan);
    await expect(runExperiments(bad)).rejects.toThrow(/sources\.experiment_assignments\.outcomes\[2\]\.kind must be proportion .* or mean/);
    const missing = experimentProject({ "players.csv": csv, "analytics.config.yml": config("holm").replace("column: retention_7", "column: retention_14") }, plan);
    await expect(runExperiments(missing)).rejects.toThrow(/players\.csv: outcome column "retention_14" is missing .*Did you mean/);
    // A preset column the file lacks and the analysis can do without: the error says how to map it to null.
    const noPage = experimentProject({ "players.csv": csv, "analytics.config.yml": config("holm").replace("preset: canonical", "preset: canonical_with_outcome") }, plan);
    await expect(runExperiments(noPage)).rejects.toThrow(/column "landing_page" is missing .* map it to null \(columns: \{landing_page: null\}\)/);
    // A mean outcome with more decimals than the analysis keeps is named, never rounded.
    const fine = experimentProject({ "players.csv": csv.replace(/\n(p0003,[^,]+,[^,]*,[^,]*,)(\d+)/, "\n$1$2.12345"), "analytics.config.yml": config("holm") }, plan);
    await expect(runExperiments(fine)).rejects.toThrow(/players\.csv, column sum_gamerounds: \d+\.12345 is not a number with at most 4 decimal places \(outcome rounds\)/);
  }, 60_000);
});
