-- Each user's variant in each experiment they were assigned to, and when, by funnel_events'
-- user_key: what a funnel broken down by experiment variant reads (an attempt begun before the
-- assignment counts as "(none)": it saw no variant). Only assignments the experiment checks keep
-- (stg_experiments__assignments without an exclusion reason; one per user and experiment); a user
-- with none in an experiment is that breakdown's "(none)" group. Users without web events are left
-- out: they are in no funnel.
with assignments as (select * from stg_experiments__assignments),
sessions as (select * from funnel_sessions),

users as (
    select distinct user_key, user_id from sessions
),

final as (
    select
        users.user_key,
        assignments.experiment_id,
        assignments.variant,
        assignments.assigned_at
    from assignments
    inner join users on assignments.user_id = users.user_id
    where is_kept(assignments.exclusion_reason)
)

select * from final
