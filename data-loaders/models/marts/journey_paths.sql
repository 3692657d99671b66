-- The most walked session paths (runs of one event collapsed, ending at the first purchase or the
-- exit), the top N by sessions (var journey_top_paths, ties by path) and one "(other paths)" row
-- for the rest, so that sessions add up to every session. Users are distinct per row: a user who
-- walked several paths counts in each, so users do not add up.
with journeys as not materialized (select * from int_web_journeys),

settings as (
    select cast(getvariable('journey_top_paths') as integer) as top_paths
),

paths as (
    select
        path,
        any_value(steps) as steps,
        count(*) as sessions,
        count(*) filter (where ends_in_purchase) as purchase_sessions
    from journeys
    group by path
),

ranked as (
    select *, row_number() over (order by sessions desc, path) as path_rank
    from paths
),

kept as (
    select ranked.* from ranked, settings where ranked.path_rank <= settings.top_paths
),

labelled as (
    select journeys.*, coalesce(kept.path, '(other paths)') as label
    from journeys
    left join kept using (path)
),

grouped as (
    select
        label as path,
        count(*) as sessions,
        count(distinct user_id) as users,
        count(*) filter (where ends_in_purchase) as purchase_sessions
    from labelled
    group by label
),

final as (
    select
        cast(coalesce(kept.path_rank, (select count(*) from kept) + 1) as integer) as path_rank,
        grouped.path,
        kept.steps,
        grouped.sessions,
        grouped.users,
        grouped.sessions / (select count(*) from journeys) as share,
        grouped.purchase_sessions,
        grouped.purchase_sessions / grouped.sessions as conversion_rate
    from grouped
    left join kept using (path)
)

select * from final
