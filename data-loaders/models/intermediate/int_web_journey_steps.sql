-- Each web session as the steps a visitor walked: its usable events in time order, from the
-- first event (session_start when tracked) up to and including the first purchase, or to the
-- last event when the session has none (the exit). A run of the same event (page_view,
-- page_view, page_view) is one step; `events` keeps how many events the step holds.
-- Events at the same second are ordered by seeds/event_tie_order.csv (session_start first, purchase
-- last, 50 for an event not listed), then by name, so the walk never depends on file order (two
-- equal names at one second are one step). Journeys read this model.
with events as (select * from int_web_events_sessionized),
tie_order as (select * from event_tie_order),

usable as (
    select
        events.user_id,
        events.session_id,
        events.event_name,
        events.event_at,
        coalesce(tie_order.tie_order, 50) as tie_rank
    from events
    left join tie_order on events.event_name = tie_order.event_name
),

ordered as (
    select
        *,
        row_number() over (partition by user_id, session_id order by event_at, tie_rank, event_name) as event_number
    from usable
),

first_purchases as (
    select user_id, session_id, min(event_number) filter (where event_name = 'purchase') as purchase_number
    from ordered
    group by all
),

walked as (
    select ordered.*
    from ordered
    inner join first_purchases using (user_id, session_id)
    where first_purchases.purchase_number is null or ordered.event_number <= first_purchases.purchase_number
),

runs as (
    select
        *,
        case when event_name is distinct from lag(event_name) over session_order then 1 else 0 end as starts_step
    from walked
    window session_order as (partition by user_id, session_id order by event_number)
),

numbered as (
    select
        *,
        sum(starts_step) over (partition by user_id, session_id order by event_number rows unbounded preceding) as step_index
    from runs
),

final as (
    select
        user_id,
        session_id,
        cast(step_index as integer) as step_index,
        min(event_name) as event_name,
        cast(count(*) as integer) as events,
        min(event_at) as step_started_at
    from numbered
    group by user_id, session_id, step_index
)

select * from final
