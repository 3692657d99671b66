-- What visitors do right after a session in which they dropped out (a path that ends without a
-- purchase): the opening step of their next session (its first step after session_start;
-- "(no return)" when the data holds no later session of theirs) and whether that next session
-- ends in a purchase. One row per step dropped at and next opening step.
with journeys as (select * from int_web_journeys),
sessions as (select * from int_web_sessions),

ordered as (
    select
        journeys.user_id,
        journeys.last_step,
        journeys.ends_in_purchase,
        lead(journeys.opening_step) over next_session as next_opening_step,
        lead(journeys.ends_in_purchase) over next_session as next_ends_in_purchase
    from journeys
    inner join sessions using (user_id, session_id)
    window next_session as (partition by journeys.user_id order by sessions.session_number)
),

counted as (
    select
        last_step as exit_step,
        coalesce(next_opening_step, '(no return)') as next_step,
        count(*) as sessions,
        count(*) filter (where next_ends_in_purchase) as next_session_purchases
    from ordered
    where not ends_in_purchase
    group by all
),

final as (
    select
        exit_step,
        next_step,
        sessions,
        sessions / sum(sessions) over (partition by exit_step) as share_of_exits,
        next_session_purchases
    from counted
)

select * from final
