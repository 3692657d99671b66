-- One row per user per day with a usable event: what "active" means for visitors. Any usable
-- event counts, a page view as much as a purchase; revenue is that of the day's purchase events.
with events as (select * from stg_web__events),

usable as (
    select * from events where is_kept(exclusion_reason)
),

final as (
    select
        user_id,
        event_date as activity_date,
        count(*) as events,
        count(distinct session_id) as sessions,
        -- DECIMAL(18, 4), not sum()'s DECIMAL(38, 4): 128-bit columns read back slowly (int_product_lines_matched).
        cast(coalesce(sum(revenue) filter (where event_name = 'purchase'), 0) as decimal(18, 4)) as revenue
    from usable
    group by user_id, event_date
)

select * from final
