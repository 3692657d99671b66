-- One row per web session (int_web_sessions) with the integer keys funnel_events uses and what a
-- funnel reads per session: ids, the session's channel, source / medium and country, the user's
-- first-touch channel (their first session's) and when the session ended (for same-session windows).
-- Kept apart from funnel_events so those text columns are stored once per session, not once per event.
with sessions as (select * from int_web_sessions),

final as (
    select
        cast(row_number() over (order by user_id, session_id) as integer) as session_key,
        cast(dense_rank() over (order by user_id) as integer) as user_key,
        user_id,
        session_id,
        device_category,
        channel,
        source || ' / ' || medium as source_medium,
        country,
        arg_min(channel, session_number) over (partition by user_id) as first_touch_channel,
        session_ended_at
    from sessions
)

select * from final
