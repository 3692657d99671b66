-- One row per web session: when it ran, where its traffic came from (the session's first event,
-- as GA4 does) and the marketing channel that traffic falls in under seeds/channel_groups.csv.
-- Events without a session id are grouped per user and UTC day (the session key of
-- int_web_events_sessionized), flagged is_inferred_session, so no usable event is left out of a
-- session. Funnels and attribution both read this model.
with events as (select * from int_web_events_sessionized),
channel_groups as (select * from channel_groups),

sessions as (
    select
        user_id,
        session_id,
        bool_or(is_inferred_session) as is_inferred_session,
        min(event_at) as session_started_at,
        max(event_at) as session_ended_at,
        -- Ties at the first second are broken by the values themselves, so the choice is stable.
        arg_min(source, (event_at, source, medium, coalesce(campaign, ''))) as source,
        arg_min(medium, (event_at, source, medium, coalesce(campaign, ''))) as medium,
        arg_min(campaign, (event_at, source, medium, coalesce(campaign, ''))) as campaign,
        arg_min(device_category, (event_at, coalesce(device_category, ''))) as device_category,
        arg_min(country, (event_at, coalesce(country, ''))) as country,
        count(*) as events,
        count(*) filter (where event_name = 'purchase') as purchases,
        -- DECIMAL(18, 4), not sum()'s DECIMAL(38, 4): 128-bit columns read back slowly (int_product_lines_matched).
        cast(coalesce(sum(revenue) filter (where event_name = 'purchase'), 0) as decimal(18, 4)) as revenue
    from events
    group by user_id, session_id
),

-- Rules are matched once per distinct source / medium / campaign, not once per session.
traffic as (
    select distinct source, medium, campaign from sessions
),

matched as (
    select
        traffic.source,
        traffic.medium,
        traffic.campaign,
        min(channel_groups.rule_order) as rule_order
    from traffic
    inner join channel_groups
        on (channel_groups.source_regex is null or regexp_full_match(lower(traffic.source), channel_groups.source_regex))
        and (channel_groups.medium_regex is null or regexp_full_match(lower(traffic.medium), channel_groups.medium_regex))
        and (channel_groups.campaign_regex is null
            or regexp_full_match(lower(coalesce(traffic.campaign, '')), channel_groups.campaign_regex))
    group by all
),

final as (
    select
        sessions.user_id,
        sessions.session_id,
        sessions.is_inferred_session,
        cast(row_number() over (
            partition by sessions.user_id order by sessions.session_started_at, sessions.session_id
        ) as integer) as session_number,
        sessions.session_started_at,
        sessions.session_ended_at,
        sessions.source,
        sessions.medium,
        sessions.campaign,
        coalesce(channel_groups.channel, 'Other') as channel,
        matched.rule_order as channel_rule,
        sessions.device_category,
        sessions.country,
        sessions.events,
        sessions.purchases,
        sessions.revenue
    from sessions
    left join matched
        on sessions.source = matched.source and sessions.medium = matched.medium
        and sessions.campaign is not distinct from matched.campaign
    left join channel_groups on matched.rule_order = channel_groups.rule_order
)

select * from final
