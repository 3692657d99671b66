// The cohort calendar, periods and grid: one definition, run by the pipeline (the models
// int_period_calendar, int_activity_periods, int_cohort_grid and cohort_matrix_pooled select what
// these builders return) and by the cohorts page, which recomputes a grain in the browser with
// DuckDB from the compact activity table (user_activity_daily: source, user_key, activity_date,
// revenue). The period boundaries and completeness rule are the period_* macros and the intervals
// the Wilson macros of src/components/sql-macros.js, which both engines define. Every builder
// works per (source, grain), so the build runs it over every source and grain at once and the page
// over the one the reader picked; the numbers are the same SQL's, not merely close.

export const grains = ["month", "week", "day"];

/**
 * How many of the most recent cohorts a grain draws one by one; the earlier ones are pooled into
 * one row. Two years of days are ~700 cohorts: as rows or curves they are unreadable and, drawn
 * one by one, froze the page for 15-19 s. Months are few, never pooled.
 */
export const separateCohorts = { month: null, week: 52, day: 30 };

// Each builder reads its inputs by the names it is given and names its own CTEs apart from them:
// DuckDB-wasm 1.29 takes a CTE named like an outer relation (`with activity as (select * from
// activity)`) for a circular reference, which native DuckDB accepts.
const grainList = (list) => {
  if (!list.length || list.some((g) => !grains.includes(g))) throw new Error(`unknown grain in ${list.join(", ")}`);
  return list.map((g) => `('${g}')`).join(", ");
};

/**
 * SELECT source, grain, period_number, period_start, period_end, is_complete: every period of each
 * source's observed window (`windows`: a relation of source, first_date, last_date) at each of
 * `grainsWanted`, numbered from its first, so that periods without any activity still exist and
 * "k periods later" is a subtraction.
 */
export function periodCalendarSql({ windows, grains: grainsWanted = grains }) {
  return `
with grains as (select * from (values ${grainList(grainsWanted)}) as g(grain)),
days as (
    select source, cast(unnest(generate_series(first_date, last_date, interval 1 day)) as date) as day, last_date
    from ${windows}
),
periods as (
    select distinct days.source, grains.grain, period_start_of(days.day, grains.grain) as period_start, days.last_date
    from days cross join grains
)
select
    source,
    grain,
    cast(row_number() over (partition by source, grain order by period_start) - 1 as integer) as period_number,
    period_start,
    period_end_of(period_start, grain) as period_end,
    period_is_complete(period_start, grain, last_date) as is_complete
from periods`;
}

/**
 * SELECT one row per user per period they were active in (`activity`: source, user_id,
 * activity_date, revenue), at each grain of `calendar` (periodCalendarSql's rows): the user's
 * cohort (the period of their first activity, as its number and start) and how many periods
 * after it this one is.
 */
export function activityPeriodsSql({ activity, calendar }) {
  return `
with grains as (select distinct grain from ${calendar}),
per_period as (
    select
        activity.source,
        grains.grain,
        activity.user_id,
        period_start_of(activity.activity_date, grains.grain) as period_start,
        cast(count(*) as integer) as active_days,
        -- Exact in both engines (the page's Parquet reader gives the revenue as a double).
        sum(cast(activity.revenue as decimal(18, 4))) as revenue
    from ${activity} as activity cross join grains
    group by all
),
numbered as (
    select
        per_period.*,
        calendar.period_number,
        min(calendar.period_number) over user_periods as cohort_number,
        min(per_period.period_start) over user_periods as cohort_start
    from per_period
    inner join ${calendar} as calendar
        on per_period.source = calendar.source and per_period.grain = calendar.grain and per_period.period_start = calendar.period_start
    window user_periods as (partition by per_period.source, per_period.grain, per_period.user_id)
)
select
    source, grain, user_id, cohort_number, cohort_start, period_number,
    period_number - cohort_number as period,
    period_start, active_days,
    cast(revenue as decimal(18, 4)) as revenue
from numbered`;
}

/**
 * SELECT the cohort grid: per source, grain, cohort and period k (from 0 to the period holding
 * the last observed day; zero when nobody came back) the cohort's size, members active in k and
 * in k or later with rates and 95% Wilson bounds, revenue, cumulative revenue and revenue
 * retention; is_complete is false for a period that had not ended when the data did.
 * `periods` are activityPeriodsSql's rows and `calendar` periodCalendarSql's.
 *
 * `separate` (grain -> N or null): the N most recent cohorts of the grain are rows of their own and
 * all earlier ones one pooled row (when there are at least two to pool): its members' counts and
 * revenue summed period by period, over the periods its youngest member has (so every member has
 * each of them, and one that youngest member has finished every older member has finished too);
 * cohort_start is its oldest member's, cohort_end its youngest's and cohorts_pooled how many it
 * holds (1 for a cohort of its own). A grain without N keeps every cohort a row of its own.
 */
export function cohortGridSql({ periods, calendar, separate = {} }) {
  const limit = Object.entries(separate).filter(([, n]) => n !== null && n !== undefined);
  for (const [grain, n] of limit) {
    if (!grains.includes(grain)) throw new Error(`unknown grain ${grain}`);
    if (!(Number.isInteger(n) && n > 0)) throw new Error(`separate must be a positive whole number or null, not ${n}`);
  }
  const separateOf = limit.length ? `case grain ${limit.map(([g, n]) => `when '${g}' then ${n}`).join(" ")} end` : "cast(null as integer)";
  // Each source and grain is numbered (sg), so the joins and the window over the grid's rows key on
  // integers, and the three running figures share one window (one sort): at 1M order lines (546,091
  // rows) two windows partitioned by the text of source and grain took 0.64 s of the grid's 0.83 s;
  // the grid now takes 0.48 s, the same rows.
  return `
with
-- The youngest pooled cohort of each source and grain (-1: none pooled); every cohort up to it
-- belongs to its row.
ranked as (
    select
        source, grain, cohort_number,
        row_number() over (partition by source, grain order by cohort_number desc) as recency,
        count(*) over (partition by source, grain) as cohorts,
        ${separateOf} as separate_cohorts
    from (select distinct source, grain, cohort_number from ${periods})
),
pooling as (
    select
        source, grain,
        cast(row_number() over (order by source, grain) as integer) as sg,
        coalesce(max(cohort_number) filter (where recency > separate_cohorts and cohorts > separate_cohorts + 1), -1) as anchor
    from ranked
    group by source, grain
),
grouped as (
    select periods.*, pooling.sg, greatest(periods.cohort_number, pooling.anchor) as group_number
    from ${periods} as periods
    inner join pooling on periods.source = pooling.source and periods.grain = pooling.grain
),
cohorts as (
    select
        sg, group_number,
        min(period_start) as cohort_start,
        max(period_start) as cohort_end,
        cast(count(distinct cohort_number) as integer) as cohorts_pooled,
        cast(count(*) as integer) as cohort_size
    from grouped
    where period = 0
    group by all
),
active as (
    select sg, group_number, period, count(*) as active_users, sum(revenue) as revenue
    from grouped
    group by all
),
leaving as (
    select sg, group_number, last_period as period, count(*) as users
    from (select sg, group_number, max(period) as last_period from grouped group by sg, group_number, user_id)
    group by all
),
grid as (
    select
        pooling.source,
        pooling.grain,
        cohorts.*,
        calendar.period_number - cohorts.group_number as period,
        calendar.period_start,
        calendar.period_end,
        calendar.is_complete
    from cohorts
    inner join pooling on pooling.sg = cohorts.sg
    inner join ${calendar} as calendar
        on pooling.source = calendar.source and pooling.grain = calendar.grain and calendar.period_number >= cohorts.group_number
),
counted as (
    select
        grid.*,
        cast(coalesce(active.active_users, 0) as integer) as active_users,
        cast(coalesce(active.revenue, 0) as decimal(18, 4)) as revenue,
        coalesce(leaving.users, 0) as leaving_users
    from grid
    left join active
        on grid.sg = active.sg and grid.group_number = active.group_number and grid.period = active.period
    left join leaving
        on grid.sg = leaving.sg and grid.group_number = leaving.group_number and grid.period = leaving.period
),
-- The three running figures over one window (one sort of the grid).
running as (
    select
        * exclude (leaving_users),
        -- Active in k or later = members minus those whose last active period came before k
        -- (for a pooled row a member's last period can lie beyond the row's last one).
        cast(cohort_size - coalesce(sum(leaving_users) over (
            partition by sg, group_number order by period rows between unbounded preceding and 1 preceding
        ), 0) as integer) as active_or_later_users,
        cast(sum(revenue) over (
            partition by sg, group_number order by period rows between unbounded preceding and current row
        ) as decimal(18, 4)) as cumulative_revenue,
        first_value(revenue) over (partition by sg, group_number order by period) as first_period_revenue
    from counted
),
rates as (
    select
        *,
        active_users / cohort_size as retention_rate,
        active_or_later_users / cohort_size as unbounded_retention_rate,
        cast(active_users as double) as x_in,
        cast(active_or_later_users as double) as x_after,
        cast(cohort_size as double) as n
    from running
)
select
    source,
    grain,
    cohort_start,
    cohort_end,
    cohorts_pooled,
    period,
    period_start,
    period_end,
    is_complete,
    cohort_size,
    active_users,
    retention_rate,
    wilson_low(x_in, n) as retention_low,
    wilson_high(x_in, n) as retention_high,
    active_or_later_users,
    unbounded_retention_rate,
    wilson_low(x_after, n) as unbounded_retention_low,
    wilson_high(x_after, n) as unbounded_retention_high,
    revenue,
    cumulative_revenue,
    revenue / cohort_size as revenue_per_member,
    cumulative_revenue / cohort_size as cumulative_revenue_per_member,
    revenue / nullif(first_period_revenue, 0) as revenue_retention
from rates`;
}

/**
 * The page's SQL for one source and grain, over the table `activity` (user_activity_daily's
 * columns): the builders above over that source's observed window (`firstDate` to `lastDate`,
 * YYYY-MM-DD), with `separate` = N pooling all but the N most recent cohorts (null: none), and
 * dates as text and money as doubles for the page.
 */
export function cohortSql({ source, grain, firstDate, lastDate, separate = null }) {
  if (!grains.includes(grain)) throw new Error(`unknown grain ${grain}`);
  const date = (value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`not a date: ${value}`);
    return `DATE '${value}'`;
  };
  const name = `'${source.replaceAll("'", "''")}'`;
  return `
with observed as (select ${name} as source, ${date(firstDate)} as first_date, ${date(lastDate)} as last_date),
user_days as (select source, cast(user_key as varchar) as user_id, activity_date, revenue from activity where source = ${name}),
cohort_calendar as (${periodCalendarSql({ windows: "observed", grains: [grain] })}),
-- Materialized: the grid reads the periods twice, and DuckDB-wasm 1.29 otherwise computes them for
-- each read and plans the grid around them (day grain on the default store: 31-34 ms against 94-101 ms).
cohort_periods as materialized (${activityPeriodsSql({ activity: "user_days", calendar: "cohort_calendar" })}),
cohort_grid as (${cohortGridSql({ periods: "cohort_periods", calendar: "cohort_calendar", separate: { [grain]: separate } })})
select
    strftime(cohort_start, '%Y-%m-%d') as cohort_start,
    period,
    strftime(period_start, '%Y-%m-%d') as period_start,
    is_complete,
    cohort_size,
    active_users,
    retention_rate,
    retention_low,
    retention_high,
    active_or_later_users,
    unbounded_retention_rate,
    unbounded_retention_low,
    unbounded_retention_high,
    cast(revenue as double) as revenue,
    cast(cumulative_revenue as double) as cumulative_revenue,
    cumulative_revenue_per_member,
    revenue_retention,
    strftime(cohort_end, '%Y-%m-%d') as cohort_end,
    cohorts_pooled
from cohort_grid
order by cohort_start, period`;
}

/** Runs the recomputation; rows are plain objects with the columns of cohort_matrix_monthly. */
export async function recomputeCohorts(db, options) {
  const result = await db.query(cohortSql(options));
  return Array.from(result, (row) => ({ ...row }));
}

const rateColumns = ["retention_rate", "retention_low", "retention_high", "unbounded_retention_rate", "unbounded_retention_low", "unbounded_retention_high"];
const countColumns = ["cohort_size", "active_users", "active_or_later_users"];

/**
 * Cells where the browser's rows and the build's differ: counts and completeness must be equal,
 * rates bit for bit, money to the ten-thousandth (the build keeps it as an exact decimal).
 */
export function compareWithBuild(browserRows, buildRows) {
  const key = (d) => `${String(d.cohort_start).slice(0, 10)}|${d.period}`;
  const built = new Map(buildRows.map((d) => [key(d), d]));
  const problems = [];
  if (browserRows.length !== buildRows.length) problems.push(`${browserRows.length} cells in the browser, ${buildRows.length} in the build`);
  for (const row of browserRows) {
    const other = built.get(key(row));
    if (!other) {
      problems.push(`${key(row)} missing from the build`);
      continue;
    }
    for (const column of [...countColumns, ...rateColumns, "is_complete"]) {
      if (Number(row[column]) !== Number(other[column])) problems.push(`${key(row)} ${column}: ${row[column]} vs ${other[column]}`);
    }
    if (Math.abs(Number(row.cumulative_revenue) - Number(other.cumulative_revenue)) > 5e-5) problems.push(`${key(row)} cumulative_revenue: ${row.cumulative_revenue} vs ${other.cumulative_revenue}`);
  }
  return problems;
}
