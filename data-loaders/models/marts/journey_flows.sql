-- Where sessions go over their first N collapsed steps (var journey_flow_steps): one row per
-- step index, node at that step and node at the next. A session whose path ends at step k goes
-- to "(exit)" (after a purchase too: the path ends there); at the last step shown, a session that
-- walks on goes to "(more steps)". Every session leaves every node it enters, so the sessions into
-- a node at step k equal the sessions out of it at step k + 1 (data tests).
with steps as (select * from int_web_journey_steps),

settings as (
    select greatest(cast(getvariable('journey_flow_steps') as integer), 1) as flow_steps
),

followed as (
    select
        steps.*,
        lead(event_name) over (partition by user_id, session_id order by step_index) as next_event_name
    from steps
),

links as (
    select
        followed.step_index,
        followed.event_name as from_node,
        case
            when followed.next_event_name is null then '(exit)'
            when followed.step_index = settings.flow_steps then '(more steps)'
            else followed.next_event_name
        end as to_node
    from followed, settings
    where followed.step_index <= settings.flow_steps
),

final as (
    select step_index, from_node, to_node, count(*) as sessions
    from links
    group by all
)

select * from final
