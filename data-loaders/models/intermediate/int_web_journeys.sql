-- One row per web session: its collapsed path ("session_start > page_view > view_item"), the
-- number of steps and of events in it, its opening step (the first after session_start; the
-- session_start itself when nothing follows), its last step, and whether it ends in a purchase.
-- Journey marts read it.
with steps as (select * from int_web_journey_steps),

final as (
    select
        user_id,
        session_id,
        string_agg(event_name, ' > ' order by step_index) as path,
        cast(count(*) as integer) as steps,
        cast(sum(events) as integer) as events,
        coalesce(
            arg_min(event_name, step_index) filter (where not (step_index = 1 and event_name = 'session_start')),
            arg_min(event_name, step_index)
        ) as opening_step,
        arg_max(event_name, step_index) as last_step,
        arg_max(event_name, step_index) = 'purchase' as ends_in_purchase
    from steps
    group by user_id, session_id
)

select * from final
