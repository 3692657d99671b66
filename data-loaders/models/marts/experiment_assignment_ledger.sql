-- Where every assignment row went, per experiment: left out in cleaning for a named reason, left
-- out of the comparisons (no outcome yet), or analysed. Rows in = the sum of every outcome, by
-- construction and by data test.
with assignments as (select * from stg_experiments__assignments),

users as (select * from int_experiment_users_measured),

excluded as (
    select experiment_id, user_id, 'cleaning' as stage, exclusion_reason as outcome
    from assignments
    where not is_kept(exclusion_reason)
),

-- Every kept assignment has one row in the measured users.
kept as (
    select
        experiment_id,
        user_id,
        'analysis' as stage,
        case
            when outcome_source is null then 'no_outcome_data'
            when not window_complete then 'conversion_window_open'
            else 'analysed'
        end as outcome
    from users
),

outcomes as (
    select * from excluded
    union all
    select * from kept
),

final as (
    select
        experiment_id,
        stage,
        outcome,
        count(*) as assignment_rows,
        count(distinct user_id) as users
    from outcomes
    group by all
)

select * from final
