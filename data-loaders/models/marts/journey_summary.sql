-- The journeys page's headline figures in one row, and the settings its marts were built with.
with journeys as (select * from int_web_journeys),

final as (
    select
        count(*) as sessions,
        count(distinct user_id) as users,
        count(*) filter (where ends_in_purchase) as purchase_sessions,
        count(*) filter (where ends_in_purchase) / count(*) as conversion_rate,
        count(distinct path) as distinct_paths,
        sum(events) as path_events,
        sum(steps) as path_steps,
        cast(median(steps) as double) as median_steps,
        cast(median(events) as double) as median_events,
        cast(sum(collapsed_runs) as bigint) as collapsed_runs,
        cast(getvariable('journey_top_paths') as integer) as top_paths,
        greatest(cast(getvariable('journey_flow_steps') as integer), 1) as flow_steps
    from journeys
)

select * from final
