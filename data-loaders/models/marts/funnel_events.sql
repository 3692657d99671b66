-- One row per usable event, with what the funnels filter and break down by: the compact table the
-- funnel page reads in the browser (DuckDB-wasm) and every funnel mart reads at build time. Session
-- ids are those of int_web_sessions (events without one grouped per user and day); channel, source /
-- medium and country are the session's, first-touch channel the user's first session's.
with events as (select * from stg_web__events),
sessions as (select * from int_web_sessions),

usable as (
    select
        user_id,
        coalesce(session_id, '(no session) ' || strftime(event_date, '%Y-%m-%d')) as session_id,
        event_at,
        event_name,
        page,
        device_category
    from events
    where exclusion_reason is null
),

first_touch as (
    select user_id, channel as first_touch_channel
    from sessions
    where session_number = 1
),

final as (
    select
        usable.user_id,
        usable.session_id,
        usable.event_at,
        usable.event_name,
        usable.page,
        coalesce(usable.device_category, sessions.device_category) as device_category,
        sessions.channel,
        sessions.source || ' / ' || sessions.medium as source_medium,
        sessions.country,
        first_touch.first_touch_channel
    from usable
    inner join sessions on usable.user_id = sessions.user_id and usable.session_id = sessions.session_id
    left join first_touch on usable.user_id = first_touch.user_id
)

select * from final
