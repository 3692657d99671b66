// The cohort page's own code, run in Node on the fixture marts: the SQL it sends to DuckDB in the
// browser must reproduce the build's cohort matrix exactly at every grain (the browser test
// checks the same in duckdb-wasm), and the pooled figures its text states must match a
// computation from the reference.
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { openPageEngine } from "../helpers/page-engine.ts";
import { eventsFixture, orderLinesFixture } from "./fixtures.ts";
import { disagreements, fixtureProject } from "./helpers.ts";
import { cohorts, grains, purchasers, visitors, wilson } from "./reference.ts";

type Row = Record<string, unknown>;
interface CohortQuery {
  cohortSql(options: { source: string; grain: string; firstDate: string; lastDate: string; separate?: number | null }): string;
  compareWithBuild(browser: Row[], build: Row[]): string[];
  separateCohorts: Record<string, number | null>;
}
interface CohortStats {
  pooledRetention(rows: Row[], options?: { count?: string }): { period: number; x: number; n: number; cohorts: number; rate: number; low: number; high: number }[];
  pooledValuePerMember(rows: Row[], period: number): { cohorts: number; members: number; value: number } | null;
}
// Plain browser modules with no type declarations; imported by path so TypeScript leaves them be.
const pageModule = <T>(name: string) => import(join(projectRoot, "src", "components", name) as string) as Promise<T>;

type Project = Awaited<ReturnType<typeof fixtureProject>>;
let project: Project;
let query: CohortQuery;
let stats: CohortStats;
const sources = { purchasers: purchasers(orderLinesFixture()), visitors: visitors(eventsFixture()) };

beforeAll(async () => {
  project = await fixtureProject();
  query = await pageModule<CohortQuery>("cohort-query.js");
  stats = await pageModule<CohortStats>("cohort-stats.js");
});

async function observedWindow(source: string): Promise<{ firstDate: string; lastDate: string }> {
  const [window] = await project.query("engagement_summary", `SELECT first_date::varchar AS f, last_date::varchar AS l FROM t WHERE source = '${source}'`);
  return { firstDate: String(window.f), lastDate: String(window.l) };
}

async function inBrowserSql(source: string, grain: string, separate: number | null = null): Promise<Row[]> {
  const cache = join(project.root, ".cache");
  const { instance, connection } = await openDatabase();
  try {
    await connection.run(`CREATE TABLE activity AS SELECT * FROM read_parquet('${martFile(cache, "user_activity_daily")}')`);
    return await queryRows(connection, query.cohortSql({ source, grain, ...(await observedWindow(source)), separate }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The build's cohort_matrix_pooled rows of one source and grain, as the page reads them (dates as text). */
async function pooledMart(source: string, grain: string): Promise<Row[]> {
  return project.query("cohort_matrix_pooled", `select * exclude (cohort_start, cohort_end), strftime(cohort_start, '%Y-%m-%d') as cohort_start, strftime(cohort_end, '%Y-%m-%d') as cohort_end
    from t where source = '${source}' and grain = '${grain}' order by cohort_start, period`);
}

describe.each(Object.keys(sources))("%s", (source) => {
  test.each(grains)("the page's SQL gives the build's %s matrix exactly", async (grain) => {
    const browser = await inBrowserSql(source, grain);
    const build = await project.query("cohort_retention", `select r.* exclude (cohort_start), strftime(r.cohort_start, '%Y-%m-%d') as cohort_start, v.cumulative_revenue::double as cumulative_revenue
      from t as r join read_parquet('${martFile(join(project.root, ".cache"), "cohort_revenue")}') as v
        on r.source = v.source and r.grain = v.grain and r.cohort_start = v.cohort_start and r.period = v.period
      where r.source = '${source}' and r.grain = '${grain}'`);
    expect(build.length).toBeGreaterThan(10);
    expect(query.compareWithBuild(browser, build)).toEqual([]);
  });
});

// What the page first draws at a fine grain is the build's cohort_matrix_pooled: the same SQL
// (cohortGridSql) with the page's own limits, so a recomputation in the browser reproduces it.
describe.each(Object.keys(sources))("%s: the build's pooled matrices", (source) => {
  test.each(["week", "day"])("at %s grain equal the page's SQL with its limit of separate cohorts", async (grain) => {
    const build = await pooledMart(source, grain);
    expect(build.length).toBeGreaterThan(10);
    const browser = await inBrowserSql(source, grain, query.separateCohorts[grain]);
    expect(query.compareWithBuild(browser, build)).toEqual([]);
    expect(browser.map((r) => [r.cohort_start, r.cohort_end, Number(r.cohorts_pooled)])).toEqual(build.map((r) => [r.cohort_start, r.cohort_end, Number(r.cohorts_pooled)]));
  });
});

// The page draws the most recent cohorts of a fine grain one by one and pools the earlier ones
// into one row: that row must be the sum of its members, period by period, as the brute-force
// reference computes each member (counts exactly, rates and Wilson bounds from the summed counts).
describe.each(Object.keys(sources))("%s: the pooled earlier-cohorts row", (source) => {
  test.each(["day", "week"] as const)("at %s grain equals the sum of its member cohorts; the recent cohorts are unchanged", async (grain) => {
    const separate = 4;
    const reference = cohorts(sources[source as keyof typeof sources], grain);
    const starts = [...new Set(reference.map((r) => r.cohort))].sort();
    expect(starts.length).toBeGreaterThan(separate + 1); // there is something to pool
    const members = starts.slice(0, -separate);
    const rows = await inBrowserSql(source, grain, separate);
    const pooledRows = rows.filter((r) => Number(r.cohorts_pooled) > 1);
    expect(new Set(pooledRows.map((r) => r.cohort_start))).toEqual(new Set([members[0]]));
    const youngest = reference.filter((r) => r.cohort === members.at(-1));
    expect(pooledRows.map((r) => Number(r.period))).toEqual(youngest.map((r) => r.period));
    const expected = youngest.map(({ period, isComplete, periodStart }) => {
      const cells = reference.filter((r) => members.includes(r.cohort) && r.period === period);
      expect(cells).toHaveLength(members.length); // every member has the period
      const n = cells.reduce((a, r) => a + r.size, 0);
      const x = cells.reduce((a, r) => a + r.active, 0);
      const later = cells.reduce((a, r) => a + r.activeOrLater, 0);
      const [low, high] = wilson(x, n);
      const [unboundedLow, unboundedHigh] = wilson(later, n);
      return {
        period, is_complete: isComplete, period_start: periodStart, cohort_start: members[0], cohort_end: members.at(-1), cohorts_pooled: members.length,
        cohort_size: n, active_users: x, active_or_later_users: later, retention_rate: x / n, retention_low: low, retention_high: high,
        unbounded_retention_rate: later / n, unbounded_retention_low: unboundedLow, unbounded_retention_high: unboundedHigh,
        revenue: cells.reduce((a, r) => a + r.revenueCents, 0) / 100, cumulative_revenue: cells.reduce((a, r) => a + r.cumulativeCents, 0) / 100,
      };
    });
    expect(isCompleteOnlyWhenAllMembersAre(reference, members, youngest.map((r) => r.period), pooledRows)).toEqual([]);
    expect(disagreements(pooledRows, expected, ["period"], 1e-9)).toEqual([]);
    // The recent cohorts keep their own rows, equal to the unpooled query's.
    const unpooled = await inBrowserSql(source, grain);
    const recent = (r: Row) => starts.slice(-separate).includes(String(r.cohort_start));
    expect(query.compareWithBuild(rows.filter(recent), unpooled.filter(recent))).toEqual([]);
    expect(rows.filter(recent).every((r) => Number(r.cohorts_pooled) === 1)).toBe(true);
    expect(rows.length).toBe(pooledRows.length + rows.filter(recent).length);
  });

  test("with fewer cohorts than the limit plus two, nothing is pooled", async () => {
    const count = new Set(cohorts(sources[source as keyof typeof sources], "month").map((r) => r.cohort)).size;
    const rows = await inBrowserSql(source, "month", count - 1);
    expect(rows.every((r) => Number(r.cohorts_pooled) === 1)).toBe(true);
    expect(query.compareWithBuild(rows, await inBrowserSql(source, "month"))).toEqual([]);
  });
});

/** Periods where the pooled row says finished but some member has not finished it, or the reverse. */
function isCompleteOnlyWhenAllMembersAre(reference: ReturnType<typeof cohorts>, members: string[], periods: number[], pooled: Row[]): string[] {
  return periods.flatMap((period) => {
    const all = reference.filter((r) => members.includes(r.cohort) && r.period === period).every((r) => r.isComplete);
    const row = pooled.find((r) => Number(r.period) === period);
    return Boolean(row?.is_complete) === all ? [] : [`period ${period}: pooled ${row?.is_complete}, members ${all}`];
  });
}

test("compareWithBuild notices a single changed count or a rate off by one ulp", async () => {
  const rows = await inBrowserSql("purchasers", "month");
  const copy = rows.map((r) => ({ ...r }));
  copy[3].active_users = Number(copy[3].active_users) + 1;
  copy[5].retention_high = Number(copy[5].retention_high) + Number.EPSILON;
  expect(query.compareWithBuild(copy, rows)).toHaveLength(2);
});

describe("pooled figures stated on the cohort page", () => {
  test.each(["purchasers", "visitors"] as const)("%s: pooled retention per month equals the members-weighted reference with its Wilson interval", async (source) => {
    const reference = cohorts(sources[source], "month");
    const rows = reference.map((r) => ({ period: r.period, is_complete: r.isComplete, cohort_size: r.size, active_users: r.active, active_or_later_users: r.activeOrLater, cumulative_revenue: r.cumulativeCents / 100 }));
    for (const count of ["active_users", "active_or_later_users"] as const) {
      const pooled = stats.pooledRetention(rows, { count });
      const expected = [...new Set(reference.filter((r) => r.isComplete).map((r) => r.period))].map((period) => {
        const finished = reference.filter((r) => r.period === period && r.isComplete);
        const x = finished.reduce((a, r) => a + (count === "active_users" ? r.active : r.activeOrLater), 0);
        const n = finished.reduce((a, r) => a + r.size, 0);
        const [low, high] = wilson(x, n);
        return { period, x, n, cohorts: finished.length, rate: x / n, low, high };
      });
      expect(disagreements(pooled, expected, ["period"], 1e-12)).toEqual([]);
    }
    const ltv = stats.pooledValuePerMember(rows, 2)!;
    const finished = reference.filter((r) => r.period === 2 && r.isComplete);
    expect(ltv.cohorts).toBe(finished.length);
    expect(ltv.value).toBeCloseTo(finished.reduce((a, r) => a + r.cumulativeCents, 0) / 100 / finished.reduce((a, r) => a + r.size, 0), 9);
  });
});

// The page's engine is DuckDB-wasm 1.29 (DuckDB 1.1), not the pipeline's: its Node build runs the
// page's SQL over the published user-days, registered with revenue as doubles as the page's
// Parquet reader gives them, and must give the build's matrices cell for cell.
describe("in DuckDB-wasm, the pages' engine", () => {
  test("the page's SQL gives the build's matrices at every grain, pooled and whole", async () => {
    const connection = await openPageEngine();
    try {
      const days = await project.query("user_activity_daily", "select source, user_key, activity_date::varchar as activity_date, revenue::double as revenue from t order by all");
      expect(days.length).toBeGreaterThan(100);
      connection.query("create table activity (source varchar, user_key integer, activity_date date, revenue double)");
      for (let start = 0; start < days.length; start += 500) {
        connection.query(`insert into activity values ${days.slice(start, start + 500).map((d) => `('${d.source}', ${d.user_key}, DATE '${d.activity_date}', ${Number(d.revenue)})`).join(", ")}`);
      }
      const wasm = async (source: string, grain: string, separate: number | null) =>
        connection.query(query.cohortSql({ source, grain, ...(await observedWindow(source)), separate })).toArray().map((row) => row.toJSON() as Row);
      for (const source of Object.keys(sources)) {
        for (const grain of grains) {
          const whole = await wasm(source, grain, null);
          expect(whole.length).toBeGreaterThan(10);
          expect(query.compareWithBuild(whole, await inBrowserSql(source, grain))).toEqual([]);
          if (grain !== "month") expect(query.compareWithBuild(await wasm(source, grain, query.separateCohorts[grain]), await pooledMart(source, grain))).toEqual([]);
          expect(query.compareWithBuild(await wasm(source, grain, 4), await inBrowserSql(source, grain, 4))).toEqual([]);
        }
      }
    } finally {
      connection.close();
    }
  });
});
