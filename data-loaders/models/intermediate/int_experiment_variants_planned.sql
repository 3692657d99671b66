-- One row per experiment and variant: the design the sample-ratio check and every comparison are
-- measured against. Planned shares and the control come from seeds/experiment_variants.csv when the
-- experiment is declared there; otherwise the split is taken as equal and the control is the
-- variant named "control", else the first variant by name (the rule used is kept, for the page).
with assignments as not materialized (select * from stg_experiments__assignments),

variant_plan as not materialized (select * from experiment_variants),

experiments as (
    select distinct experiment_id
    from assignments
    where experiment_id is not null
),

observed as (
    select
        experiment_id,
        variant,
        count(*) filter (where is_kept(exclusion_reason)) as users
    from assignments
    where experiment_id is not null and variant is not null
    group by all
),

variants as (
    select experiment_id, variant from observed where users > 0
    union
    select variant_plan.experiment_id, variant_plan.variant
    from variant_plan
    semi join experiments on variant_plan.experiment_id = experiments.experiment_id
),

declared as (
    select
        variants.experiment_id,
        variants.variant,
        coalesce(observed.users, 0) as users,
        variant_plan.planned_share as declared_share,
        variant_plan.is_control as declared_control,
        variant_plan.landing_page,
        variant_plan.variant is not null as is_declared
    from variants
    left join observed
        on variants.experiment_id = observed.experiment_id and variants.variant = observed.variant
    left join variant_plan
        on variants.experiment_id = variant_plan.experiment_id and variants.variant = variant_plan.variant
),

final as (
    select
        experiment_id,
        variant,
        users,
        case
            -- Summed as DECIMAL: exact, so the share does not depend on the order of addition.
            when bool_or(is_declared) over experiment
                then declared_share / sum(cast(declared_share as decimal(18, 9))) over experiment
            else 1.0 / count(*) over experiment
        end as planned_share,
        -- A plain phrase without parentheses: the report prints it inside its own ("The plan (...) was").
        case
            when bool_or(is_declared) over experiment then 'declared in seeds/experiment_variants.csv'
            else 'equal split, none declared'
        end as share_rule,
        case
            when bool_or(declared_control) over experiment then coalesce(declared_control, false)
            when bool_or(lower(variant) = 'control') over experiment then lower(variant) = 'control'
            else variant = min(variant) over experiment
        end as is_control,
        case
            when bool_or(declared_control) over experiment then 'declared in seeds/experiment_variants.csv'
            when bool_or(lower(variant) = 'control') over experiment then 'variant named control'
            else 'first variant by name'
        end as control_rule,
        landing_page as planned_landing_page
    from declared
    window experiment as (partition by experiment_id)
)

select * from final
