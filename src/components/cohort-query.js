// The cohort matrix recomputed in the browser with DuckDB from the compact activity table
// (user_activity_daily: source, user_key, activity_date, revenue), with the definitions of the
// models int_period_calendar, int_activity_periods, cohort_retention and cohort_revenue: the
// same period boundaries (UTC days, ISO weeks from Monday, calendar months) and completeness rule
// (the period_* macros) and the same Wilson macros, all from src/components/sql-macros.js, so that
// the numbers are identical to the build's, not merely close.

export const grains = ["month", "week", "day"];

/**
 * How many of the most recent cohorts a grain draws one by one; the earlier ones are pooled into
 * one row. Two years of days are ~700 cohorts: as rows or curves they are unreadable and, drawn
 * one by one, froze the page for 15-19 s. Months are few and come from the build, never pooled.
 */
export const separateCohorts = { month: null, week: 52, day: 30 };

/**
 * SQL for one source and grain. `lastDate` and `firstDate` are the source's observed window
 * (YYYY-MM-DD). With `separate` = N, the N most recent cohorts are rows of their own and all
 * earlier ones one pooled row (when there are at least two to pool): its members' counts and
 * revenue summed period by period, over the periods its youngest member has (so every member has
 * each of them, and one that youngest member has finished every older member has finished too);
 * cohort_start is its oldest member's, cohort_end its youngest's and cohorts_pooled how many it
 * holds (1 for a cohort of its own). With `separate` null, every cohort is a row of its own.
 */
export function cohortSql({ source, grain, firstDate, lastDate, separate = null }) {
  if (!grains.includes(grain)) throw new Error(`unknown grain ${grain}`);
  if (separate !== null && !(Number.isInteger(separate) && separate > 0)) throw new Error(`separate must be a positive whole number or null, not ${separate}`);
  const date = (value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`not a date: ${value}`);
    return `DATE '${value}'`;
  };
  return `
with days as (
    select user_key, activity_date, revenue from activity where source = '${source.replaceAll("'", "''")}'
),
calendar as (
    select
        period_start,
        cast(row_number() over (order by period_start) - 1 as integer) as period_number,
        period_end_of(period_start, '${grain}') as period_end,
        period_is_complete(period_start, '${grain}', ${date(lastDate)}) as is_complete
    from (
        select distinct period_start_of(d, '${grain}') as period_start
        from generate_series(${date(firstDate)}, ${date(lastDate)}, interval 1 day) as t(d)
    )
),
per_period as (
    select user_key, period_start_of(activity_date, '${grain}') as period_start, sum(revenue) as revenue
    from days
    group by all
),
numbered as (
    select
        per_period.*,
        calendar.period_number,
        min(calendar.period_number) over (partition by per_period.user_key) as cohort_number
    from per_period
    inner join calendar on per_period.period_start = calendar.period_start
),
-- The youngest pooled cohort (-1: none pooled); every cohort up to it belongs to its row.
pooling as (
    ${separate === null ? "select -1 as anchor" : `select coalesce(max(cohort_number) filter (where recency > ${separate}), -1) as anchor
    from (select cohort_number, row_number() over (order by cohort_number desc) as recency from (select distinct cohort_number from numbered))
    where (select count(distinct cohort_number) from numbered) > ${separate + 1}`}
),
periods as (
    select numbered.*, period_number - cohort_number as period, greatest(cohort_number, pooling.anchor) as group_number
    from numbered cross join pooling
),
cohorts as (
    select
        group_number,
        min(period_start) as cohort_start,
        max(period_start) as cohort_end,
        cast(count(distinct cohort_number) as integer) as cohorts_pooled,
        cast(count(*) as integer) as cohort_size
    from periods where period = 0 group by all
),
active as (
    select group_number, period, count(*) as active_users, sum(revenue) as revenue
    from periods group by all
),
leaving as (
    select group_number, last_period as period, count(*) as users
    from (select group_number, max(period) as last_period from periods group by group_number, user_key)
    group by all
),
grid as (
    select
        cohorts.group_number, cohorts.cohort_start, cohorts.cohort_end, cohorts.cohorts_pooled, cohorts.cohort_size,
        calendar.period_number - cohorts.group_number as period,
        calendar.period_start, calendar.is_complete
    from cohorts
    inner join calendar on calendar.period_number >= cohorts.group_number
),
counted as (
    select
        grid.*,
        cast(coalesce(active.active_users, 0) as integer) as active_users,
        coalesce(active.revenue, 0) as revenue,
        -- Active in k or later = members minus those whose last active period came before k
        -- (for a pooled row a member's last period can lie beyond the row's last one).
        cast(grid.cohort_size - coalesce(sum(coalesce(leaving.users, 0)) over (
            partition by grid.group_number order by grid.period
            rows between unbounded preceding and 1 preceding
        ), 0) as integer) as active_or_later_users
    from grid
    left join active on grid.group_number = active.group_number and grid.period = active.period
    left join leaving on grid.group_number = leaving.group_number and grid.period = leaving.period
),
rates as (
    select
        *,
        active_users / cohort_size as retention_rate,
        active_or_later_users / cohort_size as unbounded_retention_rate,
        cast(active_users as double) as x_in,
        cast(active_or_later_users as double) as x_after,
        cast(cohort_size as double) as n,
        sum(revenue) over (partition by group_number order by period rows between unbounded preceding and current row) as cumulative_revenue,
        first_value(revenue) over (partition by group_number order by period) as first_period_revenue
    from counted
)
select
    strftime(cohort_start, '%Y-%m-%d') as cohort_start,
    period,
    strftime(period_start, '%Y-%m-%d') as period_start,
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
    cast(revenue as double) as revenue,
    cast(cumulative_revenue as double) as cumulative_revenue,
    cumulative_revenue / cohort_size as cumulative_revenue_per_member,
    revenue / nullif(first_period_revenue, 0) as revenue_retention,
    strftime(cohort_end, '%Y-%m-%d') as cohort_end,
    cohorts_pooled
from rates
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
