-- Paths of a path-level marketing export (one row per distinct channel path with its counts),
-- split into channels, with the reason a row is left out (null for a usable path).
with paths as (select * from src_attribution_paths),

cleaned as (
    select
        cast(row_number() over () as bigint) as row_number,
        path as raw_path,
        list_transform(string_split(coalesce(path, ''), '>'), lambda c: trim(c)) as channels,
        coalesce(conversions, 0) as conversions,
        coalesce(conversion_value, 0) as conversion_value,
        coalesce(non_conversions, 0) as non_conversions
    from paths
),

final as (
    select
        *,
        case
            when list_contains(channels, '') then 'empty_channel_in_path'
            when conversions < 0 or non_conversions < 0 or conversion_value < 0 then 'negative_count'
            when conversions = 0 and non_conversions = 0 then 'no_journeys'
        end as exclusion_reason
    from cleaned
)

select * from final
