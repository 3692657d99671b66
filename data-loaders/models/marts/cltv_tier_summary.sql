-- Customers, spend and lifetime value per CLTV tier.
with customers as (select * from customer_360),

tiers as (select * from dim_cltv_tier),

per_tier as (
    select
        cltv_tier,
        count(*) as customers,
        sum(monetary) as monetary,
        sum(cast(cltv_profit as decimal(18, 2))) as cltv_profit,
        median(cltv_profit) as median_cltv_profit,
        median(aov) as median_aov,
        median(annual_purchase_frequency) as median_annual_purchase_frequency
    from customers
    group by cltv_tier
),

final as (
    select
        tiers.*,
        coalesce(per_tier.customers, 0) as customers,
        coalesce(per_tier.monetary, 0) as monetary,
        coalesce(per_tier.cltv_profit, 0) as cltv_profit,
        per_tier.median_cltv_profit,
        per_tier.median_aov,
        per_tier.median_annual_purchase_frequency
    from tiers
    left join per_tier on per_tier.cltv_tier = tiers.cltv_tier
)

select * from final
