-- The lifecycle stages as configured in seeds/cohort_lifecycle_stages.csv, for the page to name
-- every stage, including those no cohort has reached yet.
with stages as (select * from cohort_lifecycle_stages),

final as (
    select stage, stage_order, first_month, last_month, judges_cohort_quality
    from stages
)

select * from final
