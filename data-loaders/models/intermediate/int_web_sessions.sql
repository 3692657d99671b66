-- One row per web session: when it ran, where its traffic came from (the session's first event,
-- as GA4 does) and the marketing channel that traffic falls in under seeds/channel_groups.csv.
-- Events without a session id are grouped per user and UTC day (the session key of
-- int_web_events_sessionized), flagged is_inferred_session, so no usable event is left out of a
-- session. Funnels and attribution both read this model.
with events as (select * from int_web_events_sessionized),
channel_groups as not materialized (select * from channel_groups),

aggregated as (
    select
        user_id,
        session_id,
        bool_or(is_inferred_session) as is_inferred_session,
        min(event_at) as session_started_at,
        max(event_at) as session_ended_at,
        -- The first event's source and medium; campaign, device and country are the first event's
        -- that has one. Ties at the first second are broken by the values themselves, so the choice
        -- is stable. Taken as the least (time, values) rather than with arg_min (which skips a null
        -- value as these filters do): arg_min's per-session states do not spill, and the build
        -- failed out of memory on 100M order lines (171M events) under 6 GB, as on 5M under 300 MB,
        -- where this form finishes.
        min(struct_pack(at := event_at, source := source, medium := medium)) as first_traffic,
        min(struct_pack(at := event_at, source := source, medium := medium, campaign := campaign)) filter (where campaign is not null) as first_campaign,
        min(struct_pack(at := event_at, device := device_category)) filter (where device_category is not null) as first_device,
        min(struct_pack(at := event_at, country := country)) filter (where country is not null) as first_country,
        count(*) as events,
        count(*) filter (where event_name = 'purchase') as purchases,
        -- DECIMAL(18, 4), not sum()'s DECIMAL(38, 4): 128-bit columns read back slowly (int_product_lines_matched).
        cast(coalesce(sum(revenue) filter (where event_name = 'purchase'), 0) as decimal(18, 4)) as revenue
    from events
    group by user_id, session_id
),

sessions as (
    select
        * exclude (first_traffic, first_campaign, first_device, first_country),
        first_traffic.source,
        first_traffic.medium,
        first_campaign.campaign,
        first_device.device as device_category,
        first_country.country
    from aggregated
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
