-- Every day, ISO week (Monday to Sunday) and calendar month each source observes, numbered from
-- its first, so that periods without any activity still exist as rows and "k periods later"
-- is a subtraction. Week and month boundaries are UTC, like every timestamp in the project. The
-- rule is the macros period_start_of, period_end_of and period_is_complete (src/components/sql-macros.js),
-- which the pages' cohort SQL runs too.
with windows as (select * from int_observation_windows),

grains as (
    select * from (values ('day'), ('week'), ('month')) as g(grain)
),

days as (
    select source, cast(unnest(generate_series(first_date, last_date, interval 1 day)) as date) as day, last_date
    from windows
),

periods as (
    select distinct
        days.source,
        grains.grain,
        period_start_of(days.day, grains.grain) as period_start,
        days.last_date
    from days
    cross join grains
),

final as (
    select
        source,
        grain,
        cast(row_number() over (partition by source, grain order by period_start) - 1 as integer) as period_number,
        period_start,
        period_end_of(period_start, grain) as period_end,
        period_is_complete(period_start, grain, last_date) as is_complete
    from periods
)

select * from final
