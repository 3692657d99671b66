-- How long session paths are, counted two ways: every event up to the first purchase or the exit
-- (raw), and steps after collapsing runs of one event (collapsed). One row per length.
with journeys as not materialized (select * from int_web_journeys),

raw_lengths as (
    select events as length, count(*) as sessions from journeys group by all
),

collapsed_lengths as (
    select steps as length, count(*) as sessions from journeys group by all
),

lengths as (
    select length from raw_lengths
    union
    select length from collapsed_lengths
),

final as (
    select
        cast(lengths.length as integer) as length,
        coalesce(raw_lengths.sessions, 0) as raw_sessions,
        coalesce(collapsed_lengths.sessions, 0) as collapsed_sessions,
        coalesce(raw_lengths.sessions, 0) / (select count(*) from journeys) as raw_share,
        coalesce(collapsed_lengths.sessions, 0) / (select count(*) from journeys) as collapsed_share
    from lengths
    left join raw_lengths using (length)
    left join collapsed_lengths using (length)
)

select * from final
