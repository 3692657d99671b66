-- Touches of a touch-level marketing export (one row per touch), trimmed, with the reason a row
-- is left out of the attribution models (null for a usable touch). Rows keep their file order
-- (row_number) so that a touch is addressable in the ledger.
with touches as (select * from src_attribution_touches),

cleaned as (
    select
        cast(row_number() over () as bigint) as row_number,
        nullif(trim(user_id), '') as user_id,
        touched_at,
        nullif(trim(channel), '') as channel,
        coalesce(converted, false) as converted,
        conversion_value
    from touches
),

final as (
    select
        *,
        case
            when user_id is null then 'missing_user'
            when touched_at is null then 'missing_time'
            when channel is null then 'missing_channel'
            when contains(channel, '>') then 'channel_contains_path_separator'
            when conversion_value < 0 then 'negative_conversion_value'
        end as exclusion_reason
    from cleaned
)

select * from final
