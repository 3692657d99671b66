-- Star schema fact: one row per customer with measures and keys to dim_rfm_segment,
-- dim_cltv_tier and dim_churn_risk.
with customers as (select * from customer_360),

final as (
    select
        customer_id,
        segment as rfm_segment,
        cltv_tier,
        churn_risk_group,
        country,
        recency_days,
        frequency,
        monetary,
        aov,
        cltv_profit,
        revenue_last_12_months,
        gross_monetary,
        matched_credit_value,
        is_scored
    from customers
)

select * from final
