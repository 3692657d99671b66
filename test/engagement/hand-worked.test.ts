// Three customers in February 2011, every figure worked out on paper. This is the case the seed
// document gets wrong: its "MAU" (a 30-row sum of DAU) would count customer A ten times.
//   A buys every day 1-10 Feb (Tue 1 .. Thu 10), one unit at 10.00
//   B buys on Sat 5 Feb, two units at 5.00
//   C buys on Sun 20 Feb, one unit at 7.50
//   a guest buys on Mon 28 Feb, so the data run to 28 Feb with nobody active that day
import { beforeAll, expect, test } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { uciCsv } from "../helpers/temp-project.ts";
import { fixtureConfig, runOn } from "./helpers.ts";

type Project = Awaited<ReturnType<typeof runOn>>;
let project: Project;

function lines(): string {
  const rows: string[] = [];
  for (let d = 1; d <= 10; d++) rows.push(`5000${d.toString().padStart(2, "0")},P1,THING,1,2011-02-${String(d).padStart(2, "0")} 09:00:00,10.00,A,United Kingdom`);
  rows.push("500020,P1,THING,2,2011-02-05 12:00:00,5.00,B,United Kingdom");
  rows.push("500030,P1,THING,1,2011-02-20 18:00:00,7.50,C,United Kingdom");
  rows.push("500040,P1,THING,1,2011-02-28 11:00:00,3.00,,United Kingdom");
  return uciCsv(rows);
}

beforeAll(async () => {
  project = await runOn({ "analytics.config.yml": fixtureConfig().replace(/  events:\n    path: events.csv\n/, ""), "lines.csv": lines() });
});

test("MAU on 28 Feb is 3 distinct customers; the sum of daily actives over the same 28 days is 12", async () => {
  const [row] = await project.query("active_users_daily", "select dau, wau, mau, user_days, stickiness, mau_complete from t where activity_date = '2011-02-28'");
  expect(row).toEqual({ dau: 0, wau: 0, mau: 3, user_days: 12, stickiness: 0, mau_complete: true });
});

test("on 5 Feb A and B are both active: DAU 2, MAU 2, stickiness 1; the window is not yet complete", async () => {
  const [row] = await project.query("active_users_daily", "select dau, wau, mau, stickiness, wau_complete, mau_complete from t where activity_date = '2011-02-05'");
  expect(row).toEqual({ dau: 2, wau: 2, mau: 2, stickiness: 1, wau_complete: false, mau_complete: false });
});

test("every day from 1 to 28 Feb is a row, quiet days as zeros", async () => {
  const rows = await project.query("active_users_daily", "select day(activity_date)::integer as d, dau from t order by d");
  expect(rows.map((r) => r.dau)).toEqual([1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
});

test("weekly cohorts: A and B start in the week of Mon 31 Jan, C in the week of Mon 14 Feb", async () => {
  const rows = await project.query("cohort_retention", "select cohort_start::varchar as cohort, period, cohort_size as n, active_users as a, active_or_later_users as l, is_complete as done from t where grain = 'week' order by all");
  expect(rows).toEqual([
    { cohort: "2011-01-31", period: 0, n: 2, a: 2, l: 2, done: true },
    { cohort: "2011-01-31", period: 1, n: 2, a: 1, l: 1, done: true }, // A, 7-10 Feb
    { cohort: "2011-01-31", period: 2, n: 2, a: 0, l: 0, done: true },
    { cohort: "2011-01-31", period: 3, n: 2, a: 0, l: 0, done: true },
    { cohort: "2011-01-31", period: 4, n: 2, a: 0, l: 0, done: false }, // week of 28 Feb ends 6 Mar
    { cohort: "2011-02-14", period: 0, n: 1, a: 1, l: 1, done: true },
    { cohort: "2011-02-14", period: 1, n: 1, a: 0, l: 0, done: true },
    { cohort: "2011-02-14", period: 2, n: 1, a: 0, l: 0, done: false },
  ]);
});

test("weekly lifecycle: A returns in week 2 while B goes dormant; C is new in week 3", async () => {
  const rows = await project.query("lifecycle_by_period", "select period_start::varchar as week, new_users as new, returning_users as ret, resurrecting_users as res, dormant_users as dormant from t where grain = 'week' order by week");
  expect(rows).toEqual([
    { week: "2011-01-31", new: 2, ret: 0, res: 0, dormant: 0 },
    { week: "2011-02-07", new: 0, ret: 1, res: 0, dormant: 1 },
    { week: "2011-02-14", new: 1, ret: 0, res: 0, dormant: 1 },
    { week: "2011-02-21", new: 0, ret: 0, res: 0, dormant: 1 },
    { week: "2011-02-28", new: 0, ret: 0, res: 0, dormant: 0 },
  ]);
});

test("the February cohort spent 117.50, 39.17 per member; the guest's 3.00 is not in it", async () => {
  const rows = await project.exact("cohort_revenue", "select cohort_size, revenue::varchar as revenue, round(cumulative_revenue_per_member, 2) as per_member from t where grain = 'month'");
  expect(rows).toEqual([{ cohort_size: 3, revenue: "117.5000", per_member: 39.17 }]);
});

test("a 30-day window reaches back to 30 Jan, before the data begin, so MAU on 28 Feb is flagged incomplete", async () => {
  const summary = await project.run({ config: project.config({ vars: ["mau_window_days=30"] }), modelsRoot: modelsDir, seedsRoot: seedsDir });
  expect(summary.failed).toBe(false);
  const [row] = await project.query("active_users_daily", "select mau, user_days, mau_window_days, mau_complete from t where activity_date = '2011-02-28'");
  expect(row).toEqual({ mau: 3, user_days: 12, mau_window_days: 30, mau_complete: false });
});
