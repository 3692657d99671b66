-- One row per web session: its collapsed path ("session_start > page_view > view_item"), the
-- number of steps and of events in it, and whether it ends in a purchase. Journey marts read it.
with steps as (select * from int_web_journey_steps),

final as (
    select
        user_id,
        session_id,
        string_agg(event_name, ' > ' order by step_index) as path,
        cast(count(*) as integer) as steps,
        cast(sum(events) as integer) as events,
        arg_max(event_name, step_index) = 'purchase' as ends_in_purchase
    from steps
    group by user_id, session_id
)

select * from final
