-- Analysed users and conversions per experiment, variant and day of assignment: the steps of the
-- cumulative-lift chart.
with users as (select * from int_experiment_users_measured),

final as (
    select
        experiment_id,
        variant,
        assigned_date,
        count(*) as users,
        count(*) filter (where converted) as conversions
    from users
    where outcome_source is not null and window_complete and assigned_date is not null
    group by all
)

select * from final
