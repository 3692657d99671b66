// The cleaning rules on a hand-made export in which every rule fires, with the ledger, the
// allocation and the control worked out by hand (comments beside each row).
import { beforeAll, expect, test } from "vitest";
import type { TempProject } from "../helpers/temp-project.ts";
import { experimentProject, plain, runExperiments } from "./helpers.ts";

const plan = `experiment_id,variant,planned_share,is_control,landing_page
e1,old,1,true,page_a
e1,new,1,false,page_b
ghost,control,1,true,
`;

const rows = [
  "experiment_id,user_id,variant,assigned_at,landing_page,converted",
  "e1,u1,old,2024-01-01 10:00:00,page_a,1", //   kept
  "e1,u2,new,2024-01-01 11:00:00,page_b,0", //   kept
  "e1,u3,new,2024-01-01 12:00:00,page_a,1", //   variant_page_mismatch (new shows page_b)
  "e1,u3,new,2024-01-02 12:00:00,page_b,0", //   kept: u3's matching row
  "e1,u4,old,2024-01-01 09:00:00,page_a,0", //   multiple_variants (u4 is in old and new)
  "e1,u4,new,2024-01-01 09:30:00,page_b,0", //   multiple_variants
  "e1,u5,old,2024-01-01 08:00:00,page_a,0", //   kept: u5's first exposure
  "e1,u5,old,2024-01-03 08:00:00,page_a,1", //   duplicate_user
  "e1,,old,2024-01-01 08:00:00,page_a,0", //     missing_user
  ",u6,old,2024-01-01 08:00:00,page_a,0", //     missing_experiment (other rows have one)
  "e1,u7,,2024-01-01 08:00:00,page_a,0", //      missing_variant
  "e1,u8,newer,2024-01-01 08:00:00,page_b,0", // unplanned_variant (e1 is declared without it)
  "e1,u9,new,,,", //                             missing_time: no time and no outcome
  "e2,u1,b,2024-01-05 00:00:00,,1", //           kept; e2 is not declared: equal split, control "a" (first by name)
  "e2,u2,a,2024-01-05 00:00:00,,0", //           kept
  "e2,u10,a,2024-01-06 00:00:00,,1", //          kept
].join("\n");

let project: TempProject;
let failedTests: string[];
beforeAll(async () => {
  project = experimentProject({
    "analytics.config.yml": "name: test\nsources:\n  experiment_assignments:\n    path: assignments.csv\n    preset: canonical_with_outcome\n",
    "assignments.csv": rows + "\n",
  }, plan);
  ({ failedTests } = await runExperiments(project));
});

test("data tests pass", () => {
  expect(failedTests).toEqual([]);
});

test("the ledger: one reason per row, first rule wins, in = out", async () => {
  const ledger = plain(await project.mart("experiment_assignment_ledger"));
  expect(ledger.map(({ experiment_id, outcome, assignment_rows, users }) => [experiment_id, outcome, assignment_rows, users])).toEqual([
    ["e1", "analysed", 4, 4],
    ["e1", "duplicate_user", 1, 1],
    ["e1", "missing_time", 1, 1],
    ["e1", "missing_user", 1, 0],
    ["e1", "missing_variant", 1, 1],
    ["e1", "multiple_variants", 2, 1],
    ["e1", "unplanned_variant", 1, 1],
    ["e1", "variant_page_mismatch", 1, 1],
    ["e2", "analysed", 3, 3],
    [null, "missing_experiment", 1, 1],
  ]);
  expect(ledger.reduce((sum, r) => sum + Number(r.assignment_rows), 0)).toBe(16);
});

test("allocation: declared shares and control for e1, equal split and first-by-name control for e2; undeclared ghost ignored", async () => {
  const allocation = plain(await project.mart("experiment_allocation"));
  expect(allocation.map(({ experiment_id, variant, is_control, users, planned_share }) => [experiment_id, variant, is_control, users, planned_share])).toEqual([
    ["e1", "new", false, 2, 0.5],
    ["e1", "old", true, 2, 0.5],
    ["e2", "a", true, 2, 0.5],
    ["e2", "b", false, 1, 0.5],
  ]);
  // The rules are printed inside parentheses on the report ("The plan (...) was", "control (...)"):
  // a rule holding parentheses of its own read "(equal split (not declared))".
  const summary = plain(await project.mart("experiment_summary"));
  const rules = [...allocation.map((r) => r.share_rule), ...summary.map((r) => r.share_rule), ...summary.map((r) => r.control_rule)];
  expect(new Set(allocation.map((r) => `${r.experiment_id}: ${r.share_rule}`))).toEqual(new Set(["e1: declared in seeds/experiment_variants.csv", "e2: equal split, none declared"]));
  expect(rules.filter((rule) => /[()]/.test(String(rule)))).toEqual([]);
});

test("outcomes come from the export; a user's first row decides", async () => {
  const results = plain(await project.mart("experiment_results")).filter((r) => r.experiment_id === "e1");
  // old: u1 converted, u5's first row did not -> 1 of 2; new: u2 no, u3's kept row no -> 0 of 2.
  expect(results.map(({ variant, users, successes }) => [variant, users, successes])).toEqual([["old", 2, 1], ["new", 2, 0]]);
});

test("the summary reports too little data, the control rule, and the kept users with excluded rows", async () => {
  const summary = plain(await project.mart("experiment_summary"));
  expect(summary.map(({ experiment_id, control_variant, control_rule, verdict, srm_status, kept_users_with_excluded_rows, kept_users_excluded_in_other_variant }) => ({
    experiment_id, control_variant, control_rule, verdict, srm_status, kept_users_with_excluded_rows, kept_users_excluded_in_other_variant,
  }))).toEqual([
    { experiment_id: "e1", control_variant: "old", control_rule: "declared in seeds/experiment_variants.csv", verdict: "too little data", srm_status: "ok", kept_users_with_excluded_rows: 2, kept_users_excluded_in_other_variant: 0 },
    { experiment_id: "e2", control_variant: "a", control_rule: "first variant by name", verdict: "too little data", srm_status: "ok", kept_users_with_excluded_rows: 0, kept_users_excluded_in_other_variant: 0 },
  ]);
});
