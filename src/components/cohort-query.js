// The cohort matrix recomputed in the browser with DuckDB from the compact activity table
// (user_activity_daily: source, user_key, activity_date, revenue), with the definitions of the
// models int_period_calendar, int_activity_periods, cohort_retention and cohort_revenue: the
// same period boundaries (UTC days, ISO weeks from Monday, calendar months), the same
// completeness rule and the same Wilson macros (src/components/sql-macros.js), so that the numbers
// are identical to the build's, not merely close.

export const grains = ["month", "week", "day"];

/** SQL for one source and grain. `lastDate` and `firstDate` are the source's observed window (YYYY-MM-DD). */
export function cohortSql({ source, grain, firstDate, lastDate }) {
  if (!grains.includes(grain)) throw new Error(`unknown grain ${grain}`);
  const date = (value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`not a date: ${value}`);
    return `DATE '${value}'`;
  };
  const periodEnd = `case '${grain}' when 'day' then period_start when 'week' then period_start + 6 else last_day(period_start) end`;
  return `
with days as (
    select user_key, activity_date, revenue from activity where source = '${source.replaceAll("'", "''")}'
),
calendar as (
    select
        period_start,
        cast(row_number() over (order by period_start) - 1 as integer) as period_number,
        cast(${periodEnd} as date) as period_end,
        ${periodEnd} <= ${date(lastDate)} as is_complete
    from (
        select distinct cast(date_trunc('${grain}', d) as date) as period_start
        from generate_series(${date(firstDate)}, ${date(lastDate)}, interval 1 day) as t(d)
    )
),
per_period as (
    select user_key, cast(date_trunc('${grain}', activity_date) as date) as period_start, sum(revenue) as revenue
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
periods as (
    select *, period_number - cohort_number as period from numbered
),
cohorts as (
    select cohort_number, period_start as cohort_start, cast(count(*) as integer) as cohort_size
    from periods where period = 0 group by all
),
active as (
    select cohort_number, period, count(*) as active_users, sum(revenue) as revenue
    from periods group by all
),
leaving as (
    select cohort_number, last_period as period, count(*) as users
    from (select cohort_number, max(period) as last_period from periods group by cohort_number, user_key)
    group by all
),
grid as (
    select
        cohorts.cohort_number, cohorts.cohort_start, cohorts.cohort_size,
        calendar.period_number - cohorts.cohort_number as period,
        calendar.period_start, calendar.is_complete
    from cohorts
    inner join calendar on calendar.period_number >= cohorts.cohort_number
),
counted as (
    select
        grid.*,
        cast(coalesce(active.active_users, 0) as integer) as active_users,
        coalesce(active.revenue, 0) as revenue,
        cast(sum(coalesce(leaving.users, 0)) over (
            partition by grid.cohort_number order by grid.period desc
            rows between unbounded preceding and current row
        ) as integer) as active_or_later_users
    from grid
    left join active on grid.cohort_number = active.cohort_number and grid.period = active.period
    left join leaving on grid.cohort_number = leaving.cohort_number and grid.period = leaving.period
),
rates as (
    select
        *,
        active_users / cohort_size as retention_rate,
        active_or_later_users / cohort_size as unbounded_retention_rate,
        cast(active_users as double) as x_in,
        cast(active_or_later_users as double) as x_after,
        cast(cohort_size as double) as n,
        sum(revenue) over (partition by cohort_number order by period rows between unbounded preceding and current row) as cumulative_revenue,
        first_value(revenue) over (partition by cohort_number order by period) as first_period_revenue
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
    revenue / nullif(first_period_revenue, 0) as revenue_retention
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
