-- Retention of each cohort (users whose first activity fell in the same day, ISO week or month)
-- k periods later, in two modes: active in period k, and active in period k or any later one
-- (unbounded). Every period from the cohort's first to the one holding the last observed day
-- is a row, zero when nobody came back; is_complete is false for a period that had not ended
-- when the data did, so a chart can show it as unfinished rather than as a drop.
-- Intervals are 95% Wilson score intervals, which stay inside 0..1 for small cohorts.
with periods as (select * from int_activity_periods),

calendar as (select * from int_period_calendar),

cohorts as (
    select source, grain, cohort_number, cohort_start, cast(count(*) as integer) as cohort_size
    from periods
    where period = 0
    group by all
),

active as (
    select source, grain, cohort_number, period, count(*) as active_users
    from periods
    group by all
),

last_periods as (
    select source, grain, cohort_number, max(period) as last_period
    from periods
    group by source, grain, cohort_number, user_id
),

leaving as (
    select source, grain, cohort_number, last_period as period, count(*) as users
    from last_periods
    group by all
),

grid as (
    select
        cohorts.source,
        cohorts.grain,
        cohorts.cohort_number,
        cohorts.cohort_start,
        calendar.period_number - cohorts.cohort_number as period,
        calendar.period_start,
        calendar.period_end,
        calendar.is_complete,
        cohorts.cohort_size
    from cohorts
    inner join calendar
        on cohorts.source = calendar.source
        and cohorts.grain = calendar.grain
        and calendar.period_number >= cohorts.cohort_number
),

counted as (
    select
        grid.*,
        cast(coalesce(active.active_users, 0) as integer) as active_users,
        -- Users whose last active period is j are "active in k or later" for every k <= j.
        cast(sum(coalesce(leaving.users, 0)) over (
            partition by grid.source, grid.grain, grid.cohort_number order by grid.period desc
            rows between unbounded preceding and current row
        ) as integer) as active_or_later_users
    from grid
    left join active
        on grid.source = active.source
        and grid.grain = active.grain
        and grid.cohort_number = active.cohort_number
        and grid.period = active.period
    left join leaving
        on grid.source = leaving.source
        and grid.grain = leaving.grain
        and grid.cohort_number = leaving.cohort_number
        and grid.period = leaving.period
),

-- 95% Wilson bounds on counts: the wilson_low / wilson_high macros (src/components/sql-macros.js),
-- which the page's in-browser recomputation runs too.
rates as (
    select
        *,
        active_users / cohort_size as retention_rate,
        active_or_later_users / cohort_size as unbounded_retention_rate,
        cast(active_users as double) as x_in,
        cast(active_or_later_users as double) as x_after,
        cast(cohort_size as double) as n
    from counted
),

final as (
    select
        source,
        grain,
        cohort_start,
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
        wilson_high(x_after, n) as unbounded_retention_high
    from rates
)

select * from final
