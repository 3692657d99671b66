-- Low / Medium / High lifetime-value tiers cut at the 33rd and 66th percentiles of CLTV profit,
-- over the customers scored as buyers; the rest (no CLTV) are in the tier 'No net value'.
with values as (select * from int_customers_value_estimated),

thresholds as (
    select
        quantile_cont(cltv_profit, 0.33) as p33,
        quantile_cont(cltv_profit, 0.66) as p66
    from values
    where cltv_profit is not null
),

final as (
    select
        values.*,
        case
            when values.cltv_profit is null then 'No net value'
            when values.cltv_profit < thresholds.p33 then 'Low'
            when values.cltv_profit < thresholds.p66 then 'Medium'
            else 'High'
        end as cltv_tier,
        thresholds.p33 as cltv_p33,
        thresholds.p66 as cltv_p66
    from values
    cross join thresholds
)

select * from final
