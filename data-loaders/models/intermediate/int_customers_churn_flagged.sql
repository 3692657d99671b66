-- Churn flag and risk group per customer. A customer is churned when their last purchase is
-- older than the churn window (vars.churn_window_days, default 90 days); below it, the risk
-- group is the first in seeds/churn_risk_groups.csv whose max_recency_days covers the recency,
-- and the highest group for the rest of the window.
with rfm as (select * from int_customers_rfm_valued),

risk_groups as (select * from churn_risk_groups),

settings as (
    select cast(getvariable('churn_window_days') as integer) as churn_window_days
),

highest_group as (
    select risk_group, churn_status from risk_groups order by max_recency_days desc limit 1
),

matched as (
    select
        rfm.customer_id,
        rfm.recency_days,
        rfm.mean_days_between_orders,
        risk_groups.risk_group,
        risk_groups.churn_status
    from rfm
    asof left join risk_groups
        on rfm.recency_days <= risk_groups.max_recency_days
),

final as (
    select
        matched.customer_id,
        settings.churn_window_days,
        matched.recency_days > settings.churn_window_days as is_churned,
        case
            when matched.recency_days > settings.churn_window_days then 'Churned'
            else coalesce(matched.risk_group, highest_group.risk_group)
        end as churn_risk_group,
        case
            when matched.recency_days > settings.churn_window_days then 'Churned'
            else coalesce(matched.churn_status, highest_group.churn_status)
        end as churn_status,
        -- How late the customer is against their own rhythm (null with a single order).
        matched.recency_days - matched.mean_days_between_orders as days_overdue
    from matched
    cross join settings
    cross join highest_group
)

select * from final
