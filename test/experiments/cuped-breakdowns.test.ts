// CUPED and breakdowns through the real models, from raw events:
// - a seeded store whose users' conversion depends on whether they bought in the ten days before
//   assignment, with a planted lift of 6 points: CUPED recovers it with a narrower interval, and its
//   lift equals the treatment coefficient of a least-squares fit on the fixture's own per-user
//   values (ml-matrix), which the test knows without asking the pipeline;
// - a store where mobile's split is broken (80 control, 30 treatment) and every other slice is even:
//   the per-slice chi-squares and their Benjamini-Hochberg values are worked by hand below, and the
//   users without a device, or without any event, are a '(none)' slice.
import { Matrix, solve } from "ml-matrix";
import { beforeAll, describe, expect, test } from "vitest";
import { benjaminiHochberg } from "../../data-loaders/lib/stats/multiple.ts";
import type { TempProject } from "../helpers/temp-project.ts";
import { experimentProject, plain, runExperiments } from "./helpers.ts";
import { mulberry32 } from "../helpers/seeded-random.ts";

const header = "user_id,session_id,event_name,event_at,source,medium,campaign,device_category,country,transaction_id,revenue";
const config = "name: test\nsources:\n  experiment_assignments: {path: assignments.csv}\n  events: {path: events.csv}\nvars:\n  experiment_conversion_window_days: 10\n";
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
const DAY = 86_400_000;


describe("CUPED on a store with pre-period activity and a planted lift of 0.06", () => {
  const plantedLift = 0.06;
  const random = mulberry32(2013);
  const start = Date.UTC(2024, 2, 1);
  const users = Array.from({ length: 4000 }, (_, i) => {
    const treated = i % 2 === 1;
    const assignedAt = start + Math.floor(random() * 10 * DAY / 1000) * 1000;
    const preRevenue = random() < 0.5 ? Math.round(1000 + 4000 * random()) / 100 : 0;
    const converted = random() < 0.1 + (preRevenue > 0 ? 0.5 : 0) + (treated ? plantedLift : 0);
    const revenue = converted ? Math.round(2000 + 80 * preRevenue + 1000 * random()) / 100 : 0;
    return { id: `u${i}`, treated, assignedAt, preRevenue, converted, revenue };
  });
  const assignments = ["experiment_id,user_id,variant,assigned_at", ...users.map((u) => `x,${u.id},${u.treated ? "treatment" : "control"},${stamp(u.assignedAt)}`)];
  const events = [header];
  for (const u of users) {
    if (u.preRevenue > 0) events.push(`${u.id},${u.id}-pre,purchase,${stamp(u.assignedAt - 3 * DAY)},,,,desktop,UK,${u.id}-t0,${u.preRevenue.toFixed(2)}`);
    events.push(`${u.id},${u.id}-s,page_view,${stamp(u.assignedAt)},,,,desktop,UK,,`);
    if (u.converted) events.push(`${u.id},${u.id}-buy,purchase,${stamp(u.assignedAt + 2 * DAY)},,,,desktop,UK,${u.id}-t1,${u.revenue.toFixed(2)}`);
  }
  events.push(`last,last-s,page_view,2024-04-30 00:00:00,,,,desktop,UK,,`);

  let project: TempProject;
  let failedTests: string[];
  let rows: Record<string, unknown>[];
  beforeAll(async () => {
    project = experimentProject({ "analytics.config.yml": config, "assignments.csv": assignments.join("\n") + "\n", "events.csv": events.join("\n") + "\n" });
    ({ failedTests } = await runExperiments(project));
    rows = plain(await project.mart("experiment_cuped"));
  }, 120_000);

  /** Least squares of y on [1, treatment, x - mean x] over the fixture's users. */
  function ols(x: (u: (typeof users)[number]) => number, y: (u: (typeof users)[number]) => number) {
    const meanX = users.reduce((s, u) => s + x(u), 0) / users.length;
    const design = new Matrix(users.map((u) => [1, u.treated ? 1 : 0, x(u) - meanX]));
    return solve(design, Matrix.columnVector(users.map(y))).to1DArray();
  }

  test("data tests pass", () => expect(failedTests).toEqual([]));

  test("conversion: the planted lift inside a narrower interval, and equal to the least-squares treatment coefficient", () => {
    const row = rows.find((r) => r.metric === "conversion")!;
    expect(row).toMatchObject({ cuped_status: "applied", users: 2000, control_users: 2000 });
    const [, treatment, slope] = ols((u) => (u.preRevenue > 0 ? 1 : 0), (u) => (u.converted ? 1 : 0));
    expect(row.adjusted_abs_lift).toBeCloseTo(treatment, 10);
    expect(row.theta).toBeCloseTo(slope, 10);
    expect(Number(row.adjusted_abs_lift_ci_low)).toBeLessThan(plantedLift);
    expect(Number(row.adjusted_abs_lift_ci_high)).toBeGreaterThan(plantedLift);
    const rawWidth = Number(row.abs_lift_ci_high) - Number(row.abs_lift_ci_low);
    const adjustedWidth = Number(row.adjusted_abs_lift_ci_high) - Number(row.adjusted_abs_lift_ci_low);
    expect(adjustedWidth).toBeLessThan(0.9 * rawWidth);
    expect(row.interval_width_ratio).toBeCloseTo(adjustedWidth / rawWidth, 12);
    // A pre-period buyer converts with probability 0.5 more: about a quarter of the variance goes.
    expect(row.variance_reduction).toBeGreaterThan(0.15);
    expect(row.variance_reduction).toBeLessThan(0.4);
  });

  test("revenue per user: the least-squares treatment coefficient on the pre-period revenue", () => {
    const row = rows.find((r) => r.metric === "revenue_per_user")!;
    const [, treatment, slope] = ols((u) => u.preRevenue, (u) => u.revenue);
    expect(row.adjusted_abs_lift).toBeCloseTo(treatment, 8);
    expect(row.theta).toBeCloseTo(slope, 10);
  });

  test("the raw lift beside it is the metric table's", async () => {
    const results = plain(await project.mart("experiment_results"));
    const conversion = results.find((r) => r.metric === "conversion" && !r.is_control)!;
    expect(rows.find((r) => r.metric === "conversion")!.abs_lift).toBeCloseTo(Number(conversion.abs_lift), 12);
  });
});

describe("sample ratio per slice: mobile's split broken", () => {
  // control / treatment: desktop 40 / 40, mobile 80 / 30, no device 5 / 5, no event at all 5 / 5.
  const groups = [
    { device: "desktop", control: 40, treatment: 40, events: true },
    { device: "mobile", control: 80, treatment: 30, events: true },
    { device: "", control: 5, treatment: 5, events: true },
    { device: "", control: 5, treatment: 5, events: false },
  ];
  const assignments = ["experiment_id,user_id,variant,assigned_at"];
  const events = [header];
  let n = 0;
  for (const g of groups) {
    for (const variant of ["control", "treatment"] as const) {
      for (let k = 0; k < g[variant]; k++) {
        const id = `u${n++}`;
        const at = stamp(Date.UTC(2024, 2, 1) + n * 60_000);
        assignments.push(`x,${id},${variant},${at}`);
        if (g.events) events.push(`${id},${id}-s,page_view,${at},,,,${g.device},UK,,`);
      }
    }
  }
  events.push(`last,last-s,page_view,2024-04-30 00:00:00,,,,desktop,UK,,`);

  let srm: Record<string, unknown>[];
  let breakdowns: Record<string, unknown>[];
  let failedTests: string[];
  beforeAll(async () => {
    const project = experimentProject({ "analytics.config.yml": config, "assignments.csv": assignments.join("\n") + "\n", "events.csv": events.join("\n") + "\n" });
    ({ failedTests } = await runExperiments(project));
    srm = plain(await project.mart("experiment_breakdown_srm")).filter((r) => r.is_control);
    breakdowns = plain(await project.mart("experiment_breakdowns"));
  }, 120_000);

  const slice = (dimension: string, name: string) => srm.find((r) => r.dimension === dimension && r.slice === name)!;

  test("data tests pass", () => expect(failedTests).toEqual([]));

  test("chi-square per slice, worked by hand", () => {
    // mobile: expected 55 each, 2 * 25^2 / 55 = 250 / 11; p = erfc(sqrt(125 / 11)) (Python math.erfc).
    expect(slice("device", "mobile")).toMatchObject({ users: 80, slice_users: 110 });
    expect(slice("device", "mobile").chi_square).toBeCloseTo(250 / 11, 10);
    expect(slice("device", "mobile").p_value).toBeCloseTo(1.8669919554780993e-6, 15);
    expect(slice("device", "desktop").chi_square).toBe(0);
    // Ten users without a device (five of them without any event): one '(none)' slice, 5 + 5 per arm.
    expect(slice("device", "(none)")).toMatchObject({ users: 10, slice_users: 20, chi_square: 0 });
    // Country: UK 125 / 75, 2 * 25^2 / 100 = 12.5, p = erfc(2.5); the five users without events per arm are '(none)'.
    expect(slice("country", "UK").chi_square).toBeCloseTo(12.5, 10);
    expect(slice("country", "UK").p_value).toBeCloseTo(0.0004069520174449589, 14);
    expect(slice("country", "(none)")).toMatchObject({ users: 5, slice_users: 10 });
    expect(slice("channel", "(none)")).toMatchObject({ users: 5, slice_users: 10 });
  });

  test("Benjamini-Hochberg over the seven slices points at mobile", () => {
    // p: mobile 1.867e-6 (rank 1) -> 7 p; UK and the one channel 4.0695e-4 (ranks 2, 3) -> 7 p / 3; the rest 1.
    expect(srm.every((r) => r.slices_tested === 7)).toBe(true);
    expect(slice("device", "mobile").p_value_adjusted).toBeCloseTo(7 * 1.8669919554780993e-6, 15);
    expect(slice("country", "UK").p_value_adjusted).toBeCloseTo((7 * 0.0004069520174449589) / 3, 14);
    expect(slice("device", "mobile").srm_status).toBe("invalid");
    expect(slice("device", "desktop").srm_status).toBe("ok");
    expect(slice("device", "(none)").srm_status).toBe("ok");
    const worst = [...srm].sort((a, b) => Number(a.p_value_adjusted) - Number(b.p_value_adjusted))[0];
    expect([worst.dimension, worst.slice]).toEqual(["device", "mobile"]);
  });

  test("breakdown p-values: Benjamini-Hochberg per metric over every slice, as a brute-force recomputation has it", () => {
    for (const metric of ["conversion", "return_visit"]) {
      const family = breakdowns.filter((r) => r.metric === metric && r.p_value !== null);
      expect(family.length).toBeGreaterThan(0);
      const p = family.map((r) => Number(r.p_value));
      // adjusted_i = min over every p_j >= p_i of m p_j / rank_j (rank among the m, ties at their highest rank).
      const rank = (v: number) => p.filter((q) => q <= v).length;
      family.forEach((r, i) => {
        const expected = Math.min(1, ...p.filter((q) => q >= p[i]).map((q) => (p.length * q) / rank(q)));
        expect(r.p_value_adjusted).toBeCloseTo(expected, 12);
        expect(r.comparisons).toBe(family.length);
      });
    }
  });
});

test("Benjamini-Hochberg on a hand-worked list", () => {
  // Sorted 0.005, 0.01, 0.03, 0.04, 0.5 (m = 5): 5 p / rank = 0.025, 0.025, 0.05, 0.05, 0.5, then the running minimum from the top.
  expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5])).toEqual([0.025, 0.05, 0.05, 0.025, 0.5].map((v) => expect.closeTo(v, 15)));
});
