// Per-user values of 100,000 and more: revenue from events and a flat export's outcome. Their
// squares pass 10^10, which a product of two DECIMAL(18, 4) values cannot hold in DuckDB (it keeps
// the product in 64 bits as DECIMAL(18, 8) and fails: "Overflow in multiplication of DECIMAL(18)";
// found on a generated store of 100M order lines, where one user spent 133,963.70 in a window). The
// sums of squares are checked exactly against ones worked here with BigInt, as strings.
import { beforeAll, describe, expect, test } from "vitest";
import type { TempProject } from "../helpers/temp-project.ts";
import { experimentProject, runExperiments } from "./helpers.ts";

/** Exact sum of the products of pairs of decimal strings with 4 places, as a string with 8 places. */
function sumOfProducts(pairs: [string, string][]): string {
  const units = (v: string) => BigInt(v.replace(".", ""));
  const total = pairs.reduce((s, [a, b]) => s + units(a) * units(b), 0n).toString().padStart(9, "0");
  return `${total.slice(0, -8)}.${total.slice(-8)}`;
}
const sumOfSquares = (values: string[]) => sumOfProducts(values.map((v) => [v, v]));
const text = (v: unknown) => String(v);

describe("revenue from events of 100,000 and more per user", () => {
  // Window 10 days from 2024-03-10; the pre-period (CUPED's covariate) the 10 days before.
  const assignments = ["experiment_id,user_id,variant,assigned_at",
    "x1,u1,control,2024-03-10 00:00:00",
    "x1,u2,control,2024-03-10 00:00:00",
    "x1,u3,treat,2024-03-10 00:00:00",
    "x1,u4,treat,2024-03-10 00:00:00"].join("\n");
  const header = "user_id,session_id,event_name,event_at,source,medium,campaign,device_category,country,transaction_id,revenue";
  const events = [header,
    "u1,s1,purchase,2024-03-05 10:00:00,,,,desktop,UK,p1,120000.0000", // pre-period
    "u1,s2,purchase,2024-03-12 10:00:00,,,,desktop,UK,t1,133963.7000",
    "u2,s3,purchase,2024-03-13 10:00:00,,,,mobile,UK,t2,250000.2500",
    "u3,s4,purchase,2024-03-02 10:00:00,,,,desktop,DE,p3,99999.9999", // pre-period
    "u3,s5,purchase,2024-03-14 10:00:00,,,,desktop,DE,t3,310000.0001",
    "u4,s6,page_view,2024-03-15 10:00:00,,,,mobile,DE,,",
    "u9,s9,page_view,2024-04-30 12:00:00,,,,desktop,UK,,"].join("\n");
  let project: TempProject;
  let failedTests: string[];
  beforeAll(async () => {
    project = experimentProject({
      "analytics.config.yml": ["name: test", "sources:", "  experiment_assignments: {path: assignments.csv}", "  events: {path: events.csv}",
        "vars:", "  experiment_conversion_window_days: 10", "  experiment_cuped_pre_period_days: 10", "  experiment_default_id: null"].join("\n") + "\n",
      "assignments.csv": assignments + "\n",
      "events.csv": events + "\n",
    });
    ({ failedTests } = await runExperiments(project));
  }, 60_000);

  test("the build passes its data tests", () => {
    expect(failedTests).toEqual([]);
  });

  test("per arm: revenue sums and exact sums of squares", async () => {
    const rows = await project.queryWarehouse("select variant, cast(value_sum as varchar) as s, cast(value_sum_of_squares as varchar) as q from int_experiment_variants_aggregated where metric = 'revenue_per_user' order by variant");
    expect(rows.map((r) => [r.variant, text(r.s), text(r.q)])).toEqual([
      ["control", "383963.9500", sumOfSquares(["133963.7000", "250000.2500"])],
      ["treat", "310000.0001", sumOfSquares(["310000.0001", "0.0000"])],
    ]);
  });

  test("per slice (device of the assignment's session): the same exact sums", async () => {
    const rows = await project.queryWarehouse("select cast(sum(value_sum_of_squares) as varchar) as q from int_experiment_slices_aggregated where metric = 'revenue_per_user' and variant = 'control' group by dimension");
    expect(rows.length).toBe(3); // device, country, channel
    for (const r of rows) expect(text(r.q)).toBe(sumOfSquares(["133963.7000", "250000.2500"]));
  });

  test("CUPED: sums of squares and cross products of the window's and the pre-period's revenue", async () => {
    const rows = await project.queryWarehouse("select variant, cast(y_sum_of_squares as varchar) as yy, cast(x_sum_of_squares as varchar) as xx, cast(xy_sum as varchar) as xy from int_experiment_cuped_aggregated where metric = 'revenue_per_user' order by variant");
    expect(rows.map((r) => [r.variant, text(r.yy), text(r.xx), text(r.xy)])).toEqual([
      ["control", sumOfSquares(["133963.7000", "250000.2500"]), sumOfSquares(["120000.0000"]), sumOfProducts([["120000.0000", "133963.7000"], ["0.0000", "250000.2500"]])],
      ["treat", sumOfSquares(["310000.0001", "0.0000"]), sumOfSquares(["99999.9999"]), sumOfProducts([["99999.9999", "310000.0001"], ["0.0000", "0.0000"]])],
    ]);
  });
});

describe("a flat export's outcome of 1,000,000 and more per user", () => {
  const csv = ["user,arm,order_value", "a1,A,1000000.5", "a2,A,2500000", "b1,B,3000000.25", "b2,B,0"].join("\n");
  const plan = "experiment_id,variant,planned_share,is_control,landing_page\nbig,A,0.5,true,\nbig,B,0.5,false,\n";
  let project: TempProject;
  let failedTests: string[];
  beforeAll(async () => {
    project = experimentProject({
      "analytics.config.yml": ["name: test", "sources:", "  experiment_assignments:", "    path: export.csv", "    preset: canonical",
        "    columns: {experiment_id: null, user_id: user, variant: arm, assigned_at: null}",
        "    outcomes:", "      - {column: order_value, kind: mean, label: order value}",
        "vars:", "  experiment_default_id: big"].join("\n") + "\n",
      "export.csv": csv + "\n",
    }, plan);
    ({ failedTests } = await runExperiments(project));
  }, 60_000);

  test("the build passes its data tests, with exact sums of squares per arm", async () => {
    expect(failedTests).toEqual([]);
    const rows = await project.queryWarehouse("select variant, cast(value_sum_of_squares as varchar) as q from int_experiment_variants_aggregated order by variant");
    expect(rows.map((r) => [r.variant, text(r.q)])).toEqual([
      ["A", sumOfSquares(["1000000.5000", "2500000.0000"])],
      ["B", sumOfSquares(["3000000.2500", "0.0000"])],
    ]);
  });
});
