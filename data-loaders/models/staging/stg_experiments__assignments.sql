-- Every experiment assignment row, trimmed and typed, with the reason it is left out of the
-- analysis (null when kept). The first rule that matches names the reason, so the ledger counts
-- each row once. Row rules (missing keys, a page that contradicts the variant) come before user
-- rules, as in the published ab_data analysis: a user whose only fault is one mismatched row keeps
-- the row that matches.
with assignments as (select * from src_experiment_assignments),

variant_plan as not materialized (select * from experiment_variants),

cleaned as (
    select
        nullif(trim(experiment_id), '') as experiment_id,
        nullif(trim(user_id), '') as user_id,
        nullif(trim(variant), '') as variant,
        assigned_at,
        nullif(trim(landing_page), '') as landing_page,
        converted,
        outcomes
    from assignments
),

identified as (
    select
        -- A file with no experiment column (a flat export of one test) holds one experiment, named
        -- by the var experiment_default_id; in a file that has the column, a blank id is a bad row.
        case
            when experiment_id is null and count(experiment_id) over () = 0
                then coalesce(cast(getvariable('experiment_default_id') as varchar), 'experiment')
            else experiment_id
        end as experiment_id,
        user_id,
        variant,
        assigned_at,
        landing_page,
        converted,
        outcomes
    from cleaned
),

planned as (
    select
        identified.*,
        variant_plan.landing_page as planned_landing_page,
        variant_plan.variant is not null as variant_is_planned,
        identified.experiment_id in (select experiment_id from variant_plan) as experiment_is_planned
    from identified
    left join variant_plan
        on identified.experiment_id = variant_plan.experiment_id
        and identified.variant = variant_plan.variant
),

row_checked as (
    select
        *,
        case
            when user_id is null then 'missing_user'
            when experiment_id is null then 'missing_experiment'
            when variant is null then 'missing_variant'
            when experiment_is_planned and not variant_is_planned then 'unplanned_variant'
            -- Without a time there is no window to measure an outcome in, unless the export has it.
            when assigned_at is null and converted is null and outcomes is null then 'missing_time'
            when landing_page <> planned_landing_page then 'variant_page_mismatch'
        end as row_reason
    from planned
),

variants_per_user as (
    select experiment_id, user_id, count(distinct variant) as variants_seen
    from row_checked
    where row_reason is null
    group by all
),

user_checked as (
    select
        row_checked.*,
        variants_per_user.variants_seen,
        -- The first exposure counts; the rest of the order only makes identical picks repeatable.
        row_number() over (
            partition by row_checked.experiment_id, row_checked.user_id, row_checked.row_reason is null
            order by assigned_at nulls last, landing_page, converted
        ) as copy_number
    from row_checked
    left join variants_per_user
        on row_checked.experiment_id = variants_per_user.experiment_id
        and row_checked.user_id = variants_per_user.user_id
),

final as (
    select
        experiment_id,
        user_id,
        variant,
        assigned_at,
        landing_page,
        planned_landing_page,
        converted,
        outcomes,
        case
            when row_reason is not null then row_reason
            -- A user seen in two arms was exposed to both: neither arm's outcome is theirs alone.
            when variants_seen > 1 then 'multiple_variants'
            when copy_number > 1 then 'duplicate_user'
        end as exclusion_reason
    from user_checked
)

select * from final
