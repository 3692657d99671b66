-- Revenue of each cohort k periods after its first one, and cumulative revenue per cohort member:
-- the cohort's LTV curve to date. Members are counted at the start, so a member who never comes
-- back still divides the revenue (the curve is per acquired user, not per active one). Revenue
-- is that of kept purchase lines (purchasers) or purchase events (visitors), returns not netted.
-- Revenue retention is revenue in period k over revenue in the cohort's first period.
with periods as (select * from int_activity_periods),

retention as (select * from cohort_retention),

revenue as (
    select source, grain, cohort_start, period, sum(revenue) as revenue
    from periods
    group by all
),

keyed as (
    select
        retention.source,
        retention.grain,
        retention.cohort_start,
        retention.period,
        retention.period_start,
        retention.period_end,
        retention.is_complete,
        retention.cohort_size,
        cast(coalesce(revenue.revenue, 0) as decimal(18, 4)) as revenue
    from retention
    left join revenue
        on retention.source = revenue.source
        and retention.grain = revenue.grain
        and retention.cohort_start = revenue.cohort_start
        and retention.period = revenue.period
),

cumulated as (
    select
        *,
        cast(sum(revenue) over (
            partition by source, grain, cohort_start order by period
            rows between unbounded preceding and current row
        ) as decimal(18, 4)) as cumulative_revenue,
        first_value(revenue) over (partition by source, grain, cohort_start order by period) as first_period_revenue
    from keyed
),

final as (
    select
        source,
        grain,
        cohort_start,
        period,
        period_start,
        period_end,
        is_complete,
        cohort_size,
        revenue,
        cumulative_revenue,
        revenue / cohort_size as revenue_per_member,
        cumulative_revenue / cohort_size as cumulative_revenue_per_member,
        revenue / nullif(first_period_revenue, 0) as revenue_retention
    from cumulated
)

select * from final
