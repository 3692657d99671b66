-- One row per user per period they were active in, at day, week and month grain, with their
-- cohort (the period of their first activity) and how many periods after it this one is.
with activity as (select * from int_activity_daily_unioned),

calendar as (select * from int_period_calendar),

grains as (
    select * from (values ('day'), ('week'), ('month')) as g(grain)
),

per_period as (
    select
        activity.source,
        grains.grain,
        activity.user_id,
        period_start_of(activity.activity_date, grains.grain) as period_start,
        cast(count(*) as integer) as active_days,
        sum(activity.revenue) as revenue
    from activity
    cross join grains
    group by all
),

numbered as (
    select
        per_period.*,
        calendar.period_number,
        min(calendar.period_number) over user_periods as cohort_number,
        min(per_period.period_start) over user_periods as cohort_start
    from per_period
    inner join calendar
        on per_period.source = calendar.source
        and per_period.grain = calendar.grain
        and per_period.period_start = calendar.period_start
    window user_periods as (partition by per_period.source, per_period.grain, per_period.user_id)
),

final as (
    select
        source,
        grain,
        user_id,
        cohort_number,
        cohort_start,
        period_number,
        period_number - cohort_number as period,
        period_start,
        active_days,
        cast(revenue as decimal(18, 4)) as revenue
    from numbered
)

select * from final
