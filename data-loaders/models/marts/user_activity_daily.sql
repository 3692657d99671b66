-- The compact table the cohort page queries in the browser: one row per user per active day,
-- with the day's revenue. Users are numbered per source (in user id order) instead of named:
-- the page needs to tell users apart, not who they are, and small integers compress well.
with activity as (select * from int_activity_daily_unioned),

final as (
    select
        source,
        cast(dense_rank() over (partition by source order by user_id) as integer) as user_key,
        activity_date,
        revenue
    from activity
)

select * from final
