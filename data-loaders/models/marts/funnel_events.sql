-- One row per usable event, narrow (integer keys, time, and the event's own name, page and device):
-- the table the funnel page reads in the browser (DuckDB-wasm) and every funnel mart reads at build
-- time. What belongs to the session (ids, channel, source / medium, country, first-touch channel) is
-- in funnel_sessions, joined by session_key only where a funnel needs it: stored once per event, those
-- text columns cost most of the time to build and export this table. Sessions are those of
-- int_web_events_sessionized (events without a session id grouped per user and day); an event
-- without a device has its session's. event_seq numbers a user's events in the one event order the
-- journeys use too: by time, events at the same time by seeds/event_tie_order.csv (50 when not
-- listed), then by name, page and session. It is what strict funnels read as "the very next event".
with events as (select * from int_web_events_sessionized),
sessions as (select * from funnel_sessions),
tie_order as (select * from event_tie_order),

keyed as (
    select
        sessions.user_key,
        sessions.session_key,
        events.event_at,
        events.event_name,
        events.page,
        coalesce(events.device_category, sessions.device_category) as device_category,
        coalesce(tie_order.tie_order, 50) as tie_rank
    from events
    inner join sessions on events.user_id = sessions.user_id and events.session_id = sessions.session_id
    left join tie_order on events.event_name = tie_order.event_name
),

final as (
    select
        user_key,
        cast(row_number() over (partition by user_key order by event_at, tie_rank, event_name, page nulls first, session_key) as integer) as event_seq,
        session_key,
        event_at,
        event_name,
        page,
        device_category
    from keyed
)

select * from final
