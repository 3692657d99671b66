-- Revenue of each cohort k periods after its first one, and cumulative revenue per cohort member:
-- the cohort's LTV curve to date. Members are counted at the start, so a member who never comes
-- back still divides the revenue (the curve is per acquired user, not per active one). Revenue
-- is that of kept purchase lines (purchasers) or purchase events (visitors), returns not netted.
-- Revenue retention is revenue in period k over revenue in the cohort's first period.
-- The grid is int_cohort_grid's: cohortGridSql (src/components/cohort-query.js).
with grid as (select * from int_cohort_grid),

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
        revenue_per_member,
        cumulative_revenue_per_member,
        revenue_retention
    from grid
)

select * from final
