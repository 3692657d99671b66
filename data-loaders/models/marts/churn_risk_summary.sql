-- Customers per churn risk group with the revenue at stake: what they spent in the 12 months
-- before the snapshot, the revenue that leaves if they do not come back.
with customers as (select * from customer_360),

groups as (select * from dim_churn_risk),

per_group as (
    select
        churn_risk_group,
        count(*) as customers,
        sum(revenue_last_12_months) as revenue_last_12_months,
        sum(monetary) as monetary,
        sum(cast(cltv_profit as decimal(18, 2))) as cltv_profit,
        median(recency_days) as median_recency_days
    from customers
    group by churn_risk_group
),

final as (
    select
        groups.churn_risk_group,
        groups.churn_status,
        groups.display_order,
        groups.max_recency_days,
        groups.description,
        coalesce(per_group.customers, 0) as customers,
        coalesce(per_group.revenue_last_12_months, 0) as revenue_last_12_months,
        coalesce(per_group.monetary, 0) as monetary,
        coalesce(per_group.cltv_profit, 0) as cltv_profit,
        per_group.median_recency_days
    from groups
    left join per_group on per_group.churn_risk_group = groups.churn_risk_group
)

select * from final
