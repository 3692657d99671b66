-- Every kept experiment user whose outcomes come from events, with the device, country and channel
-- of the session they were assigned in (the first session still running at assigned_at, or the
-- first one after it), for the breakdowns and the sample-ratio check per slice. A user without
-- such a session, or whose session lacks the value, is in the slice '(none)': never dropped, so
-- the slices of a dimension always add up to the experiment's users.
with users as (select * from int_experiment_users_measured),

sessions as (select * from int_web_sessions),

event_users as (
    select *
    from users
    where outcome_source = 'events'
),

candidate_sessions as (
    select
        event_users.experiment_id,
        event_users.user_id,
        sessions.device_category,
        sessions.country,
        sessions.channel,
        row_number() over (
            partition by event_users.experiment_id, event_users.user_id
            order by sessions.session_started_at, sessions.session_id
        ) as session_rank
    from event_users
    inner join sessions
        on sessions.user_id = event_users.user_id
        and sessions.session_ended_at >= event_users.assigned_at
),

exposure as (
    select * from candidate_sessions where session_rank = 1
),

final as (
    select
        event_users.experiment_id,
        event_users.user_id,
        event_users.variant,
        -- Only users whose outcome window is over are compared; every kept user counts for the split.
        event_users.window_complete as analysed,
        coalesce(exposure.device_category, '(none)') as device,
        coalesce(exposure.country, '(none)') as country,
        coalesce(exposure.channel, '(none)') as channel,
        event_users.converted,
        event_users.revenue,
        event_users.returned
    from event_users
    left join exposure
        on event_users.experiment_id = exposure.experiment_id
        and event_users.user_id = exposure.user_id
)

select * from final
