// Every engagement mart on seeded fixtures (order lines and web events) against the independent
// TypeScript reference in reference.ts: counts exactly, rates and intervals to 1e-12, money to
// the hundredth (exact decimals).
import { beforeAll, describe, expect, test } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { eventsFixture, orderLinesFixture } from "./fixtures.ts";
import { decimal4, disagreements, fixtureProject } from "./helpers.ts";
import { activeUsers, cohortQuality, cohorts, cohortStages, grains, lifecycle, purchasers, visitors, type Source } from "./reference.ts";

type Project = Awaited<ReturnType<typeof fixtureProject>>;
let project: Project;
const sources: Record<string, Source> = {
  purchasers: purchasers(orderLinesFixture()),
  visitors: visitors(eventsFixture()),
};

beforeAll(async () => {
  project = await fixtureProject();
});

test("the fixtures exercise what they claim: quiet days, partial periods, dozens of users per source", () => {
  for (const source of Object.values(sources)) {
    expect(source.activity.size).toBeGreaterThan(40);
    const rows = activeUsers(source, 28);
    expect(rows.filter((r) => r.dau === 0).length).toBeGreaterThan(10);
    expect(rows.at(-1)!.dau).toBe(0); // the last observed day has rows but nobody active
  }
});

describe.each(Object.keys(sources))("%s", (name) => {
  const source = () => sources[name];

  test("active_users_daily: DAU, WAU, MAU, user-days and stickiness on every observed day", async () => {
    const mart = await project.query("active_users_daily", `select activity_date::varchar as date, dau, wau, mau, user_days as userDays, stickiness, wau_complete as wauComplete, mau_complete as mauComplete from t where source = '${name}'`);
    const reference = activeUsers(source(), 28);
    expect(reference.length).toBe(source().lastDay - source().firstDay + 1);
    expect(disagreements(mart, reference as unknown as Record<string, unknown>[], ["date"], 1e-12)).toEqual([]);
  });

  test.each(grains)("cohort_retention at %s grain: sizes, active users, both modes, Wilson intervals, completeness", async (grain) => {
    const mart = await project.query("cohort_retention", `select cohort_start::varchar as cohort, period, period_start::varchar as periodStart, is_complete as isComplete,
        cohort_size as size, active_users as active, active_or_later_users as activeOrLater, retention_rate as rate, retention_low as low, retention_high as high,
        unbounded_retention_rate as unboundedRate, unbounded_retention_low as unboundedLow, unbounded_retention_high as unboundedHigh
      from t where source = '${name}' and grain = '${grain}'`);
    const reference = cohorts(source(), grain).map(({ revenueCents, cumulativeCents, ...rest }) => rest);
    expect(disagreements(mart, reference, ["cohort", "period"], 1e-12)).toEqual([]);
    // Purchasers end on Monday 5 Mar 2012, visitors on Thursday 30 Jun 2011 (a month's last day).
    const unfinished = { purchasers: { day: false, week: true, month: true }, visitors: { day: false, week: true, month: false } }[name]![grain];
    expect(reference.some((r) => !r.isComplete)).toBe(unfinished);
  });

  test.each(grains)("cohort_revenue at %s grain: revenue, cumulative revenue per member, revenue retention", async (grain) => {
    const mart = await project.exact("cohort_revenue", `select cohort_start::varchar as cohort, period, revenue::varchar as revenue, cumulative_revenue::varchar as cumulative,
        cumulative_revenue_per_member as perMember, revenue_retention as retention from t where source = '${name}' and grain = '${grain}'`);
    const rows = cohorts(source(), grain);
    const firstRevenue = new Map(rows.filter((r) => r.period === 0).map((r) => [r.cohort, r.revenueCents]));
    const reference = rows.map((r) => ({
      cohort: r.cohort, period: r.period, revenue: decimal4(r.revenueCents), cumulative: decimal4(r.cumulativeCents),
      perMember: r.cumulativeCents / 100 / r.size,
      retention: firstRevenue.get(r.cohort) ? r.revenueCents / firstRevenue.get(r.cohort)! : null,
    }));
    expect(disagreements(mart, reference, ["cohort", "period"], 1e-9)).toEqual([]);
    // The published file carries the same money as DOUBLE.
    const published = await project.query("cohort_revenue", `select cohort_start::varchar as cohort, period, cumulative_revenue as cumulative from t where source = '${name}' and grain = '${grain}'`);
    expect(disagreements(published, reference.map((r) => ({ cohort: r.cohort, period: r.period, cumulative: Number(r.cumulative) })), ["cohort", "period"], 1e-9)).toEqual([]);
  });

  test.each(grains)("lifecycle_by_period at %s grain: new, returning, resurrecting, dormant", async (grain) => {
    const mart = await project.query("lifecycle_by_period", `select period_start::varchar as periodStart, is_complete as isComplete, active_users as active,
        new_users as new, returning_users as returning, resurrecting_users as resurrecting, dormant_users as dormant from t where source = '${name}' and grain = '${grain}'`);
    const reference = lifecycle(source(), grain);
    expect(disagreements(mart, reference as unknown as Record<string, unknown>[], ["periodStart"])).toEqual([]);
    expect(reference.some((r) => r.resurrecting > 0) && reference.some((r) => r.dormant > 0)).toBe(true);
  });

  test("cohort_stages and cohort_quality: stage shares, intervals, revenue and the leave-one-out verdict", async () => {
    const mart = await project.exact("cohort_stages", `select cohort_start::varchar as cohort, stage, cohort_size as size, active_users as active, active_share as share,
        active_share_low as low, active_share_high as high, is_complete as isComplete, revenue::varchar as revenue from t where source = '${name}'`);
    const stageRows = cohortStages(source());
    const reference = stageRows.map(({ revenueCents, ...r }) => ({ ...r, revenue: decimal4(revenueCents) }));
    expect(disagreements(mart, reference, ["cohort", "stage"], 1e-12)).toEqual([]);

    const quality = await project.query("cohort_quality", `select cohort_start::varchar as cohort, benchmark_share as benchmark, quality from t where source = '${name}'`);
    expect(disagreements(quality, cohortQuality(stageRows), ["cohort"], 1e-12)).toEqual([]);
  });

  test("user_activity_daily holds every active user-day once, with its revenue", async () => {
    const mart = await project.exact("user_activity_daily", `select count(*)::integer as days, count(distinct user_key)::integer as users, sum(revenue)::varchar as revenue from t where source = '${name}'`);
    const days = [...source().activity.values()].reduce((n, d) => n + d.size, 0);
    const cents = [...source().activity.values()].reduce((n, d) => n + [...d.values()].reduce((a, b) => a + b, 0), 0);
    expect(mart).toEqual([{ days, users: source().activity.size, revenue: decimal4(cents) }]);
  });
});

test("engagement_summary: the observed window of each source", async () => {
  const mart = await project.query("engagement_summary", "select source, first_date::varchar as first, last_date::varchar as last, users, mau_window_days as w from t order by source");
  const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
  expect(mart).toEqual(Object.entries(sources).map(([source, s]) => ({ source, first: iso(s.firstDay), last: iso(s.lastDay), users: s.activity.size, w: 28 })));
});

test("a 30-day MAU window is honoured and flags its first 29 days as incomplete", async () => {
  const summary = await project.run({ config: project.config({ vars: ["mau_window_days=30"] }), modelsRoot: modelsDir, seedsRoot: seedsDir });
  expect(summary.failed).toBe(false);
  const built = summary.steps.filter((s) => s.status === "built").map((s) => s.name);
  expect(built).toContain("active_users_daily");
  expect(built).not.toContain("cohort_retention");
  for (const [name, source] of Object.entries(sources)) {
    const mart = await project.query("active_users_daily", `select activity_date::varchar as date, dau, wau, mau, user_days as userDays, stickiness, wau_complete as wauComplete, mau_complete as mauComplete from t where source = '${name}'`);
    expect(disagreements(mart, activeUsers(source, 30) as unknown as Record<string, unknown>[], ["date"], 1e-12)).toEqual([]);
  }
});
