-- Every usable web event (stg_web__events without an exclusion reason) with its session key: the
-- tracked session id, or for an event without one the user's UTC day ('(no session) 2024-03-01'),
-- flagged is_inferred_session. The one definition of the session key: sessions, journeys and
-- funnels all read it from here.
with events as (select * from stg_web__events),

final as (
    select
        user_id,
        coalesce(session_id, '(no session) ' || strftime(event_date, '%Y-%m-%d')) as session_id,
        session_id is null as is_inferred_session,
        event_name,
        event_at,
        page,
        source,
        medium,
        campaign,
        device_category,
        country,
        revenue
    from events
    where is_kept(exclusion_reason)
)

select * from final
