-- One row per journey the attribution models read. A conversion's journey ends at the conversion
-- and holds the user's touches since their previous conversion (GA's rule; a conversion in the
-- same session as the previous one keeps that session as its only touch). A non-converting
-- journey holds a user's touches after their last conversion (all of them for a user who never
-- converted) and ends at the last of those touches. Touches reach back at most
-- attribution_max_lookback_days; the lookback window itself (attribution_lookback_days) is applied
-- by src/components/attribution-sql.js, so the page can change it. A row of a path-level export
-- is one journey standing for its counts of conversions and non-conversions.
-- conversion_kind: first (no earlier conversion of the user), repeat, or unknown (path exports).
with conversions as not materialized (select * from int_attribution_conversions),
touches as (select * from int_attribution_touches),
paths as (select * from stg_attribution__paths),

last_conversions as (
    select origin, user_id, max(converted_at) as last_converted_at
    from conversions
    group by all
),

conversion_journeys as (
    select
        origin,
        user_id,
        conversion_number,
        case when conversion_number = 1 then 'first' else 'repeat' end as conversion_kind,
        converted_at as anchor_at,
        previous_converted_at,
        1.0 as conversions,
        0.0 as non_conversions,
        revenue,
        revenue_source
    from conversions
),

open_journeys as (
    select
        touches.origin,
        touches.user_id,
        cast(null as integer) as conversion_number,
        case when last_conversions.last_converted_at is null then 'first' else 'repeat' end as conversion_kind,
        max(touches.touched_at) as anchor_at,
        last_conversions.last_converted_at as previous_converted_at,
        0.0 as conversions,
        1.0 as non_conversions,
        0.0 as revenue,
        'none' as revenue_source
    from touches
    left join last_conversions on touches.origin = last_conversions.origin and touches.user_id = last_conversions.user_id
    where last_conversions.last_converted_at is null or touches.touched_at > last_conversions.last_converted_at
    group by touches.origin, touches.user_id, last_conversions.last_converted_at
),

path_journeys as (
    select
        'path_export' as origin,
        cast(null as varchar) as user_id,
        cast(row_number as integer) as conversion_number,
        'unknown' as conversion_kind,
        cast(null as timestamp) as anchor_at,
        cast(null as timestamp) as previous_converted_at,
        conversions,
        non_conversions,
        conversion_value as revenue,
        'export' as revenue_source
    from paths
    where is_kept(exclusion_reason)
),

unioned as (
    select * from conversion_journeys
    union all
    select * from open_journeys
    union all
    select * from path_journeys
),

final as (
    select
        cast(row_number() over (
            order by origin, user_id nulls last, coalesce(conversion_number, 2147483647)
        ) as integer) as journey_id,
        *
    from unioned
)

select * from final
