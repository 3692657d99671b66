-- Growth accounting per day, ISO week and month: who was active and why.
--   new           first ever active in this period
--   returning     active in this period and the one before
--   resurrecting  active in this period, not in the one before, but at some earlier time
--   dormant       active in the period before, not in this one (they left this period)
-- so active = new + returning + resurrecting, and active = previous active + new + resurrecting
-- - dormant. Every observed period is a row, the last one flagged when it had not ended.
with periods as (select * from int_activity_periods),

calendar as (select * from int_period_calendar),

sequenced as (
    select
        source,
        grain,
        period_number,
        lag(period_number) over user_periods as previous_number,
        lead(period_number) over user_periods as next_number
    from periods
    window user_periods as (partition by source, grain, user_id order by period_number)
),

arrivals as (
    select
        source,
        grain,
        period_number,
        count(*) as active_users,
        count(*) filter (where previous_number is null) as new_users,
        count(*) filter (where previous_number = period_number - 1) as returning_users,
        count(*) filter (where previous_number < period_number - 1) as resurrecting_users
    from sequenced
    group by all
),

departures as (
    select source, grain, period_number + 1 as period_number, count(*) as dormant_users
    from sequenced
    where next_number is null or next_number > period_number + 1
    group by all
),

counted as (
    select
        calendar.source,
        calendar.grain,
        calendar.period_start,
        calendar.period_end,
        calendar.is_complete,
        cast(coalesce(arrivals.active_users, 0) as integer) as active_users,
        cast(coalesce(arrivals.new_users, 0) as integer) as new_users,
        cast(coalesce(arrivals.returning_users, 0) as integer) as returning_users,
        cast(coalesce(arrivals.resurrecting_users, 0) as integer) as resurrecting_users,
        cast(coalesce(departures.dormant_users, 0) as integer) as dormant_users
    from calendar
    left join arrivals
        on calendar.source = arrivals.source
        and calendar.grain = arrivals.grain
        and calendar.period_number = arrivals.period_number
    left join departures
        on calendar.source = departures.source
        and calendar.grain = departures.grain
        and calendar.period_number = departures.period_number
),

final as (
    select
        *,
        cast(coalesce(lag(active_users) over (partition by source, grain order by period_start), 0) as integer) as previous_active_users,
        returning_users / nullif(lag(active_users) over (partition by source, grain order by period_start), 0) as retained_share,
        -- Users gained per user lost; above 1 the active base grows.
        (new_users + resurrecting_users) / nullif(dormant_users, 0) as quick_ratio
    from counted
)

select * from final
