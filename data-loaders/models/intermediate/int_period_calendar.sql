-- Every day, ISO week (Monday to Sunday) and calendar month each source observes, numbered from
-- its first, so that periods without any activity still exist as rows and "k periods later"
-- is a subtraction. Week and month boundaries are UTC, like every timestamp in the project.
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
        cast(date_trunc(grains.grain, days.day) as date) as period_start,
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
        cast(case grain
            when 'day' then period_start
            when 'week' then period_start + 6
            else last_day(period_start)
        end as date) as period_end,
        (case grain
            when 'day' then period_start
            when 'week' then period_start + 6
            else last_day(period_start)
        end) <= last_date as is_complete
    from periods
)

select * from final
