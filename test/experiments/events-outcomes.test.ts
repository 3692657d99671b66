// Outcomes measured from events: a purchase in [assigned_at, assigned_at + window) converts, one
// before assignment or at the window's end does not; revenue sums the window's purchases; a return
// visit is any event a day or more after assignment; a window that had not ended when the events
// stop leaves the user out. Worked by hand for a 10-day window.
import { beforeAll, expect, test } from "vitest";
import type { TempProject } from "../helpers/temp-project.ts";
import { experimentProject, plain, runExperiments } from "./helpers.ts";

const assignments = [
  "experiment_id,user_id,variant,assigned_at",
  "x1,u1,control,2024-03-01 00:00:00",
  "x1,u2,treat,2024-03-01 00:00:00",
  "x1,u3,control,2024-03-02 00:00:00",
  "x1,u4,treat,2024-03-02 00:00:00",
  "x1,u5,control,2024-03-25 00:00:00", // window ends 2024-04-04, after the last event (2024-03-31): left out
].join("\n");

const header = "user_id,session_id,event_name,event_at,source,medium,campaign,device_category,country,transaction_id,revenue";
const events = [
  header,
  "u1,s1,purchase,2024-03-05 10:00:00,,,,desktop,UK,t1,20", //   in window: converts, revenue 20, a return visit
  "u1,s1,purchase,2024-03-05 10:00:00,,,,desktop,UK,t1,20", //   tracking duplicate: staging drops it
  "u1,s2,purchase,2024-03-12 10:00:00,,,,desktop,UK,t2,50", //   after the window (ends 03-11): ignored
  "u2,s3,purchase,2024-02-28 10:00:00,,,,mobile,UK,t3,30", //    before assignment: ignored
  "u2,s4,page_view,2024-03-03 09:00:00,,,,mobile,UK,,", //       return visit
  "u2,s5,purchase,2024-03-10 23:59:59,,,,mobile,UK,t4,15", //    last second of the window: converts, revenue 15
  "u3,s6,page_view,2024-03-02 06:00:00,,,,desktop,UK,,", //      same day, under 24 hours: not a return
  "u4,s7,page_view,2024-03-05 00:00:00,,,,desktop,UK,,", //      return visit
  "u4,s8,purchase,2024-03-12 00:00:00,,,,desktop,UK,t5,99", //   exactly at the window's end: not in it
  "u99,s9,page_view,2024-03-31 12:00:00,,,,desktop,UK,,", //     the last event in the data
].join("\n");

let project: TempProject;
let failedTests: string[];
beforeAll(async () => {
  project = experimentProject({
    "analytics.config.yml": [
      "name: test",
      "sources:",
      "  experiment_assignments: {path: assignments.csv}",
      "  events: {path: events.csv}",
      "vars:",
      "  experiment_conversion_window_days: 10",
      // As in analytics.config.yml: a null var is typed INTEGER by DuckDB, which staging must cast.
      "  experiment_default_id: null",
    ].join("\n") + "\n",
    "assignments.csv": assignments + "\n",
    "events.csv": events + "\n",
  });
  ({ failedTests } = await runExperiments(project));
});

test("data tests pass", () => {
  expect(failedTests).toEqual([]);
});

test("per-arm figures on the three metrics", async () => {
  const rows = plain(await project.mart("experiment_results"));
  const pick = (metric: string, variant: string) => rows.find((r) => r.metric === metric && r.variant === variant)!;
  // conversion: control u1 yes, u3 no; treat u2 yes, u4 no.
  expect([pick("conversion", "control").successes, pick("conversion", "control").users]).toEqual([1, 2]);
  expect([pick("conversion", "treat").successes, pick("conversion", "treat").users]).toEqual([1, 2]);
  // revenue per user: control (20 + 0) / 2 = 10, sd sqrt(200); treat (15 + 0) / 2 = 7.5, sd sqrt(112.5).
  expect(pick("revenue_per_user", "control").value).toBeCloseTo(10, 12);
  expect(pick("revenue_per_user", "control").sd).toBeCloseTo(Math.sqrt(200), 12);
  expect(pick("revenue_per_user", "treat").value).toBeCloseTo(7.5, 12);
  expect(pick("revenue_per_user", "treat").abs_lift).toBeCloseTo(-2.5, 12);
  expect(pick("revenue_per_user", "treat").test).toBe("Welch's t-test");
  // return visit: control u1 only; treat u2 and u4.
  expect([pick("return_visit", "control").successes, pick("return_visit", "treat").successes]).toEqual([1, 2]);
  // Three comparisons in one Holm family.
  expect(rows.filter((r) => !r.is_control).every((r) => r.comparisons === 3 && r.correction === "Holm")).toBe(true);
  // Counts this small: Fisher's exact test decides the rate comparisons.
  expect(pick("conversion", "treat").test).toBe("Fisher's exact test (two-sided)");
  expect(pick("conversion", "treat").p_value).toBeCloseTo(1, 12);
});

test("the open window is counted in the ledger and the summary", async () => {
  const ledger = plain(await project.mart("experiment_assignment_ledger"));
  expect(ledger.map(({ outcome, assignment_rows }) => [outcome, assignment_rows])).toEqual([["analysed", 4], ["conversion_window_open", 1]]);
  const [summary] = plain(await project.mart("experiment_summary"));
  expect(summary).toMatchObject({ users_assigned: 5, users_analysed: 4, users_window_open: 1, status: "windows still open", outcome_source: "events", conversion_window_days: 10 });
});

test("with a 30-day window only the users assigned on 03-01 are measured (their windows end 03-31 00:00, before the last event)", async () => {
  const again = experimentProject({
    "analytics.config.yml": "name: test\nsources:\n  experiment_assignments: {path: assignments.csv}\n  events: {path: events.csv}\nvars:\n  experiment_conversion_window_days: 30\n",
    "assignments.csv": assignments + "\n",
    "events.csv": events + "\n",
  });
  await runExperiments(again);
  const [summary] = plain(await again.mart("experiment_summary"));
  expect(summary).toMatchObject({ users_analysed: 2, users_window_open: 3, verdict: "too little data" });
  const revenue = plain(await again.mart("experiment_results")).find((r) => r.metric === "revenue_per_user" && r.variant === "control")!;
  // u1's purchases on 03-05 (20) and 03-12 (50) are both inside 30 days.
  expect(revenue.value).toBe(70);
});

test("without events, assignments have no outcome: counted, and the verdict says so", async () => {
  const bare = experimentProject({
    "analytics.config.yml": "name: test\nsources:\n  experiment_assignments: {path: assignments.csv}\n",
    "assignments.csv": assignments + "\n",
  });
  const { failedTests } = await runExperiments(bare);
  expect(failedTests).toEqual([]);
  const [summary] = plain(await bare.mart("experiment_summary"));
  expect(summary).toMatchObject({ users_assigned: 5, users_analysed: 0, users_without_outcome: 5, status: "no outcomes", verdict: "no outcome data", srm_status: "ok" });
  expect(await bare.mart("experiment_results")).toEqual([]);
});

test("no assignments configured: every experiment mart is empty and its tests pass", async () => {
  const none = experimentProject({ "analytics.config.yml": "name: test\nsources: {}\n" });
  const { failedTests } = await runExperiments(none);
  expect(failedTests).toEqual([]);
  for (const mart of ["experiment_summary", "experiment_results", "experiment_allocation", "experiment_cumulative", "experiment_assignment_ledger"]) {
    expect(await none.mart(mart)).toEqual([]);
  }
});
