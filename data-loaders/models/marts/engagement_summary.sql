-- One row per activity source: the observed days, how many users were ever active, and the
-- settings the engagement pages (and their in-browser recomputation) must share with the SQL.
with windows as (select * from int_observation_windows),

activity as (select * from int_activity_daily_unioned),

per_source as (
    select
        source,
        cast(count(distinct user_id) as integer) as users,
        cast(count(*) as integer) as user_days,
        min(activity_date) as first_active_date,
        max(activity_date) as last_active_date,
        sum(revenue) as revenue
    from activity
    group by source
),

final as (
    select
        windows.source,
        windows.first_date,
        windows.last_date,
        windows.last_at,
        per_source.first_active_date,
        per_source.last_active_date,
        coalesce(per_source.users, 0) as users,
        coalesce(per_source.user_days, 0) as user_days,
        cast(coalesce(per_source.revenue, 0) as decimal(18, 4)) as revenue,
        cast(getvariable('mau_window_days') as integer) as mau_window_days,
        cast(getvariable('currency') as varchar) as currency
    from windows
    left join per_source on windows.source = per_source.source
)

select * from final
