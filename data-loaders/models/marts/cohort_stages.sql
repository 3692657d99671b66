-- Each monthly cohort through the lifecycle stages of seeds/cohort_lifecycle_stages.csv: the
-- share of members active in at least one month of the stage, and the stage's revenue per
-- member. A stage appears once it has begun; it is complete once its last month has ended
-- (an open-ended stage never is).
with periods as (select * from int_activity_periods where grain = 'month'),

retention as (select * from cohort_retention where grain = 'month'),

stages as not materialized (select * from cohort_lifecycle_stages),

cohorts as (
    select source, cohort_start, cohort_size, max(period) as last_period,
        max(period) filter (where is_complete) as last_complete_period
    from retention
    group by source, cohort_start, cohort_size
),

in_stage as (
    select
        periods.source,
        periods.cohort_start,
        stages.stage,
        count(distinct periods.user_id) as active_users,
        sum(periods.revenue) as revenue
    from periods
    inner join stages
        on periods.period >= stages.first_month
        and (stages.last_month is null or periods.period <= stages.last_month)
    group by all
),

grid as (
    select
        cohorts.source,
        cohorts.cohort_start,
        cohorts.cohort_size,
        stages.stage,
        stages.stage_order,
        stages.first_month,
        stages.last_month,
        least(coalesce(stages.last_month, cohorts.last_period), cohorts.last_period) - stages.first_month + 1 as months_observed,
        stages.last_month is not null and coalesce(stages.last_month <= cohorts.last_complete_period, false) as is_complete
    from cohorts
    inner join stages on stages.first_month <= cohorts.last_period
),

rates as (
    select
        grid.*,
        cast(coalesce(in_stage.active_users, 0) as integer) as active_users,
        cast(coalesce(in_stage.revenue, 0) as decimal(18, 4)) as revenue,
        coalesce(in_stage.active_users, 0) / grid.cohort_size as active_share,
        cast(coalesce(in_stage.active_users, 0) as double) as x,
        cast(grid.cohort_size as double) as n
    from grid
    left join in_stage
        on grid.source = in_stage.source
        and grid.cohort_start = in_stage.cohort_start
        and grid.stage = in_stage.stage
),

final as (
    select
        source,
        cohort_start,
        stage,
        stage_order,
        first_month,
        last_month,
        months_observed,
        is_complete,
        cohort_size,
        active_users,
        active_share,
        -- 95% Wilson bounds on counts (the macros of src/components/sql-macros.js).
        wilson_low(x, n) as active_share_low,
        wilson_high(x, n) as active_share_high,
        revenue,
        revenue / cohort_size as revenue_per_member
    from rates
)

select * from final
