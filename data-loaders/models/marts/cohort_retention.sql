-- Retention of each cohort (users whose first activity fell in the same day, ISO week or month)
-- k periods later, in two modes: active in period k, and active in period k or any later one
-- (unbounded). Every period from the cohort's first to the one holding the last observed day
-- is a row, zero when nobody came back; is_complete is false for a period that had not ended
-- when the data did, so a chart can show it as unfinished rather than as a drop.
-- Intervals are 95% Wilson score intervals, which stay inside 0..1 for small cohorts.
-- The grid is int_cohort_grid's: cohortGridSql (src/components/cohort-query.js), which the
-- cohorts page runs in the browser too.
with grid as (select * from int_cohort_grid),

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
        retention_low,
        retention_high,
        active_or_later_users,
        unbounded_retention_rate,
        unbounded_retention_low,
        unbounded_retention_high
    from grid
)

select * from final
