-- The monthly cohort matrix as the cohort page first shows it, before the reader picks another
-- grain: retention in both modes with intervals, and revenue, one row per cohort and month.
with retention as (select * from cohort_retention where grain = 'month'),

revenue as (select * from cohort_revenue where grain = 'month'),

final as (
    select
        retention.source,
        retention.cohort_start,
        retention.period,
        retention.period_start,
        retention.is_complete,
        retention.cohort_size,
        retention.active_users,
        retention.retention_rate,
        retention.retention_low,
        retention.retention_high,
        retention.active_or_later_users,
        retention.unbounded_retention_rate,
        retention.unbounded_retention_low,
        retention.unbounded_retention_high,
        revenue.revenue,
        revenue.cumulative_revenue,
        revenue.cumulative_revenue_per_member,
        revenue.revenue_retention
    from retention
    inner join revenue
        on retention.source = revenue.source
        and retention.cohort_start = revenue.cohort_start
        and retention.period = revenue.period
)

select * from final
