-- Where sessions go over their first N collapsed steps (var journey_flow_steps): one row per
-- step index, node at that step and node at the next. A session whose path ends at step k goes
-- to "(exit)" (after a purchase too: the path ends there); at the last step shown, a session that
-- walks on goes to "(more steps)". Every session leaves every node it enters, so the sessions into
-- a node at step k equal the sessions out of it at step k + 1 (data tests).
with journeys as (select * from int_web_journeys),

settings as (
    select greatest(cast(getvariable('journey_flow_steps') as integer), 1) as flow_steps
),

shown_steps as (
    select
        journeys.step_names,
        journeys.steps,
        settings.flow_steps,
        unnest(range(1, least(journeys.steps, settings.flow_steps) + 1)) as step_index
    from journeys, settings
),

links as (
    select
        cast(step_index as integer) as step_index,
        step_names[step_index] as from_node,
        case
            when step_index = steps then '(exit)'
            when step_index = flow_steps then '(more steps)'
            else step_names[step_index + 1]
        end as to_node
    from shown_steps
),

final as (
    select step_index, from_node, to_node, count(*) as sessions
    from links
    group by all
)

select * from final
