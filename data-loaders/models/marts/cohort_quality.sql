-- Is a monthly cohort better or worse than the others? Each cohort's share of members active
-- in the judging stage (Activation, months 1-3, unless the seed says otherwise) against the
-- pooled share of all *other* cohorts that completed the stage: "above" or "below" only when
-- the cohort's 95% Wilson interval excludes that benchmark, otherwise "typical". A cohort that
-- has not finished the stage is "too early" rather than judged on part of it.
with retention as (select * from cohort_retention where grain = 'month' and period = 0),

stages as (select * from cohort_stages),

seed as (select * from cohort_lifecycle_stages where judges_cohort_quality),

judged as (
    select stages.*
    from stages
    inner join seed on stages.stage = seed.stage
    where stages.is_complete
),

pooled as (
    select source, sum(active_users) as active_users, sum(cohort_size) as members
    from judged
    group by source
),

compared as (
    select
        retention.source,
        retention.cohort_start,
        retention.cohort_size,
        seed.stage as judged_on,
        judged.active_users,
        judged.active_share,
        judged.active_share_low,
        judged.active_share_high,
        judged.revenue_per_member,
        -- Leave-one-out, so that a large cohort is not compared with itself.
        (pooled.active_users - judged.active_users) / nullif(pooled.members - judged.cohort_size, 0) as benchmark_share
    from retention
    cross join seed
    left join judged
        on retention.source = judged.source
        and retention.cohort_start = judged.cohort_start
    left join pooled on retention.source = pooled.source
),

final as (
    select
        *,
        case
            when active_users is null then 'too early'
            when benchmark_share is null then 'no benchmark'
            when active_share_low > benchmark_share then 'above'
            when active_share_high < benchmark_share then 'below'
            else 'typical'
        end as quality
    from compared
)

select * from final
