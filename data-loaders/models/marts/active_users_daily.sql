-- Daily, weekly and monthly active users: distinct users active in the trailing 1, 7 and
-- mau_window_days days (28 unless configured), every observed day present, zero when nobody
-- was active. Summing daily actives over a window counts a person once per active day; this
-- counts them once. user_days is that sum, kept to show the difference.
--
-- A user active on day a counts in every window ending a .. a + w - 1. Cutting that span at
-- their next active day makes a user's spans disjoint, so the count for a window is the
-- running sum of +1 at each span's start and -1 after its end: exact, and linear in rows.
with activity as (select * from int_activity_daily_unioned),

calendar as (select * from int_period_calendar where grain = 'day'),

windows as (select * from int_observation_windows),

-- Four whole weeks when the config does not say (see mau_window_days in analytics.config.yml).
settings as (
    select cast(getvariable('mau_window_days') as integer) as mau_days
),

user_days as (
    select
        source,
        user_id,
        activity_date,
        lead(activity_date) over (partition by source, user_id order by activity_date) as next_date
    from activity
),

spans as (
    select
        user_days.source,
        user_days.activity_date as span_start,
        least(user_days.activity_date + 7, coalesce(user_days.next_date, user_days.activity_date + 7)) as week_end,
        least(user_days.activity_date + settings.mau_days, coalesce(user_days.next_date, user_days.activity_date + settings.mau_days)) as month_end
    from user_days
    cross join settings
),

steps as (
    select source, span_start as day, 1 as dau, 1 as wau, 1 as mau from spans
    union all
    select source, week_end as day, 0 as dau, -1 as wau, 0 as mau from spans
    union all
    select source, month_end as day, 0 as dau, 0 as wau, -1 as mau from spans
),

steps_per_day as (
    select source, day, sum(dau) as dau, sum(wau) as wau, sum(mau) as mau
    from steps
    group by source, day
),

counted as (
    select
        calendar.source,
        calendar.period_start as activity_date,
        cast(coalesce(steps_per_day.dau, 0) as integer) as dau,
        cast(sum(coalesce(steps_per_day.wau, 0)) over running as integer) as wau,
        cast(sum(coalesce(steps_per_day.mau, 0)) over running as integer) as mau
    from calendar
    left join steps_per_day
        on calendar.source = steps_per_day.source
        and calendar.period_start = steps_per_day.day
    window running as (partition by calendar.source order by calendar.period_start rows between unbounded preceding and current row)
),

with_sums as (
    select
        counted.*,
        cast(sum(counted.dau) over (
            partition by counted.source order by counted.activity_date
            rows between cast(getvariable('mau_window_days') as integer) - 1 preceding and current row
        ) as integer) as user_days
    from counted
),

final as (
    select
        with_sums.source,
        with_sums.activity_date,
        with_sums.dau,
        with_sums.wau,
        with_sums.mau,
        settings.mau_days as mau_window_days,
        with_sums.dau / nullif(with_sums.mau, 0) as stickiness,
        with_sums.wau / nullif(with_sums.mau, 0) as wau_mau,
        with_sums.user_days,
        -- Mean daily actives over the MAU window divided by MAU: stickiness without the weekday swing.
        with_sums.user_days / nullif(settings.mau_days * with_sums.mau, 0) as stickiness_window_mean,
        -- A window reaching back before the first observed day undercounts.
        with_sums.activity_date - 6 >= windows.first_date as wau_complete,
        with_sums.activity_date - (settings.mau_days - 1) >= windows.first_date as mau_complete
    from with_sums
    cross join settings
    inner join windows on with_sums.source = windows.source
)

select * from final
