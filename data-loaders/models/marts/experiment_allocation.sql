-- Users per variant against the planned split: what the sample-ratio-mismatch check tests, after
-- cleaning and before any outcome is looked at.
with variants as (select * from int_experiment_variants_planned),

final as (
    select
        experiment_id,
        variant,
        is_control,
        users,
        planned_share,
        share_rule,
        users / sum(users) over (partition by experiment_id) as observed_share,
        planned_share * sum(users) over (partition by experiment_id) as expected_users
    from variants
)

select * from final
