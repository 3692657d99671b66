// The published ab_data figures (shared/data/README.md), through the real pipeline: the ab_data
// preset, the cleaning ledger and the experiment marts. After dropping the 3,893 rows whose group
// and landing page disagree and the one duplicated user, 290,584 users: control 17,489 / 145,274
// (12.0386%), treatment 17,264 / 145,310 (11.8808%); z = -1.311, two-sided p = 0.190.
import { beforeAll, describe, expect, test } from "vitest";
import type { TempProject } from "../helpers/temp-project.ts";
import { experimentProject, plain, runExperiments } from "./helpers.ts";
import { sharedDataFile } from "../helpers/shared-data.ts";

const { path: abData, present } = sharedDataFile("ab-test/ab_data.csv.gz", "the published ab_data experiment figures");

describe.skipIf(!present)("ab_data.csv.gz", () => {
  let project: TempProject;
  let failedTests: string[];
  beforeAll(async () => {
    project = experimentProject({
      "analytics.config.yml": `name: test\nsources:\n  experiment_assignments:\n    path: ${abData}\n    preset: ab_data\nvars:\n  experiment_default_id: landing_page_test\n`,
    });
    ({ failedTests } = await runExperiments(project));
  });

  test("every data test on the experiment models passes", () => {
    expect(failedTests).toEqual([]);
  });

  test("the ledger counts each cleaning reason, and in = kept + excluded", async () => {
    const ledger = plain(await project.mart("experiment_assignment_ledger"));
    expect(ledger.map(({ outcome, assignment_rows }) => [outcome, assignment_rows])).toEqual([
      ["analysed", 290584],
      ["duplicate_user", 1],
      ["variant_page_mismatch", 3893],
    ]);
    expect(ledger.reduce((sum, r) => sum + Number(r.assignment_rows), 0)).toBe(294478);
  });

  test("counts, rates, z and p as published", async () => {
    const rows = plain(await project.mart("experiment_results"));
    const control = rows.find((r) => r.variant === "control")!;
    const treatment = rows.find((r) => r.variant === "treatment")!;
    expect([control.users, control.successes, treatment.users, treatment.successes]).toEqual([145274, 17489, 145310, 17264]);
    expect((100 * Number(control.value)).toFixed(4)).toBe("12.0386");
    expect((100 * Number(treatment.value)).toFixed(4)).toBe("11.8808");
    expect(Number(treatment.z_statistic).toFixed(3)).toBe("-1.311");
    expect(Number(treatment.p_value).toFixed(3)).toBe("0.190");
    expect(treatment.test).toBe("two-proportion z-test (pooled SE)");
    // One comparison: Holm leaves it as it is.
    expect(treatment.p_value_adjusted).toBe(treatment.p_value);
    expect(treatment.significant).toBe(false);
    // The interval for the difference straddles zero, as a non-significant result must.
    expect(Number(treatment.abs_lift_ci_low)).toBeLessThan(0);
    expect(Number(treatment.abs_lift_ci_high)).toBeGreaterThan(0);
  });

  test("the summary: no sample-ratio mismatch, no significant difference, 1,895 kept users had a row in the other group", async () => {
    const [summary] = plain(await project.mart("experiment_summary"));
    expect(summary).toMatchObject({
      experiment_id: "landing_page_test",
      control_variant: "control",
      assignment_rows: 294478,
      rows_excluded: 3894,
      users_analysed: 290584,
      srm_status: "ok",
      verdict: "no significant difference",
      outcome_source: "export",
      kept_users_excluded_in_other_variant: 1895,
    });
    expect(Number(summary.srm_p_value)).toBeGreaterThan(0.9);
  });

  test("the cumulative series ends at the full-sample figures", async () => {
    const series = plain(await project.mart("experiment_cumulative"));
    const last = series[series.length - 1];
    expect(series.length).toBe(23);
    expect([last.control_users, last.control_conversions, last.users, last.conversions]).toEqual([145274, 17489, 145310, 17264]);
  });
});
