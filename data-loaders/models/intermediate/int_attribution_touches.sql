-- Every marketing touch the attribution models can credit: each web session (its channel from
-- seeds/channel_groups.csv, Direct included, Other when no rule matches) and each usable row of a
-- touch-level export. A touch is timed at its start; touch_key orders touches that start in the
-- same second, so ties are broken the same way on every build.
with sessions as (select * from int_web_sessions),
exported as (select * from stg_attribution__touches),

session_touches as (
    select
        'events' as origin,
        user_id,
        session_started_at as touched_at,
        channel,
        session_id as touch_key
    from sessions
),

export_touches as (
    select
        'touch_export' as origin,
        user_id,
        touched_at,
        channel,
        lpad(cast(row_number as varchar), 12, '0') as touch_key
    from exported
    where is_kept(exclusion_reason)
),

final as (
    select * from session_touches
    union all
    select * from export_touches
)

select * from final
