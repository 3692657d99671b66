-- The touches of every journey, in order (touch_key names the session or export row), with how many days before the journey's end each came
-- (null for path exports, which carry no times). Holds touches up to attribution_max_lookback_days back; see int_attribution_journeys.
with journeys as not materialized (select * from int_attribution_journeys),
touches as (select * from int_attribution_touches),
paths as (select * from stg_attribution__paths),

settings as (
    select cast(getvariable('attribution_max_lookback_days') as integer) as max_lookback_days
),

timed as (
    select
        journeys.journey_id,
        touches.touched_at,
        touches.touch_key,
        touches.origin || ':' || touches.touch_key as origin_touch_key,
        touches.channel,
        (epoch_ms(journeys.anchor_at) - epoch_ms(touches.touched_at)) / 86400000.0 as days_before
    from journeys
    cross join settings
    inner join touches
        on touches.origin = journeys.origin
        and touches.user_id = journeys.user_id
        and touches.touched_at <= journeys.anchor_at
        and touches.touched_at >= journeys.anchor_at - to_days(settings.max_lookback_days)
    where journeys.origin <> 'path_export'
    -- Touches after the previous conversion; a conversion with none keeps its latest touch.
    qualify touches.touched_at > coalesce(journeys.previous_converted_at, '-infinity'::timestamp)
        or row_number() over (partition by journeys.journey_id order by touches.touched_at desc, touches.touch_key desc) = 1
),

numbered as (
    select
        journey_id,
        cast(row_number() over (partition by journey_id order by touched_at, touch_key) as integer) as touch_number,
        channel,
        days_before,
        origin_touch_key as touch_key
    from timed
),

exported as (
    select
        journeys.journey_id,
        cast(generate_subscripts(paths.channels, 1) as integer) as touch_number,
        unnest(paths.channels) as channel,
        cast(null as double) as days_before,
        cast(null as varchar) as touch_key
    from journeys
    inner join paths on journeys.origin = 'path_export' and journeys.conversion_number = paths.row_number
),

final as (
    select * from numbered
    union all
    select * from exported
)

select * from final
