-- One row per usable event, with what the funnels filter and break down by: the compact table the
-- funnel page reads in the browser (DuckDB-wasm) and every funnel mart reads at build time. Session
-- ids are those of int_web_sessions (events without one grouped per user and day); channel, source /
-- medium and country are the session's, first-touch channel the user's first session's. The integer
-- keys (user_key, session_key, and event_seq) let the funnel SQL partition and order without comparing
-- text, several times faster. event_seq numbers a user's events in the one event order the journeys
-- use too: by time, events at the same time by seeds/event_tie_order.csv (50 when not listed), then by
-- name, page and session. It is what strict funnels read as "the very next event".
with events as (select * from stg_web__events),
sessions as (select * from int_web_sessions),
tie_order as (select * from event_tie_order),

usable as (
    select
        user_id,
        coalesce(session_id, '(no session) ' || strftime(event_date, '%Y-%m-%d')) as session_id,
        events.event_at,
        events.event_name,
        events.page,
        events.device_category,
        coalesce(tie_order.tie_order, 50) as tie_rank
    from events
    left join tie_order on events.event_name = tie_order.event_name
    where events.exclusion_reason is null
),

first_touch as (
    select user_id, channel as first_touch_channel, cast(row_number() over (order by user_id) as integer) as user_key
    from sessions
    where session_number = 1
),

session_keys as (
    select user_id, session_id, cast(row_number() over (order by user_id, session_id) as integer) as session_key
    from sessions
),

joined as (
    select
        first_touch.user_key,
        session_keys.session_key,
        usable.user_id,
        usable.session_id,
        usable.event_at,
        usable.event_name,
        usable.page,
        usable.tie_rank,
        coalesce(usable.device_category, sessions.device_category) as device_category,
        sessions.channel,
        sessions.source || ' / ' || sessions.medium as source_medium,
        sessions.country,
        first_touch.first_touch_channel
    from usable
    inner join sessions on usable.user_id = sessions.user_id and usable.session_id = sessions.session_id
    inner join session_keys on usable.user_id = session_keys.user_id and usable.session_id = session_keys.session_id
    inner join first_touch on usable.user_id = first_touch.user_id
),

final as (
    select
        * exclude (tie_rank),
        cast(row_number() over (partition by user_key order by event_at, tie_rank, event_name, page nulls first, session_id) as integer) as event_seq
    from joined
)

select * from final
