-- Star schema dimension: lifetime-value tiers with the CLTV profit range each covers
-- (lower bound inclusive, upper bound exclusive), and the group of customers with no net value.
with tiered as (select * from int_customers_value_tiered),

bounds as (
    select any_value(cltv_p33) as p33, any_value(cltv_p66) as p66 from tiered
),

final as (
    select 'Low' as cltv_tier, 1 as display_order, cast(null as double) as lower_bound, p33 as upper_bound from bounds
    union all
    select 'Medium', 2, p33, p66 from bounds
    union all
    select 'High', 3, p66, null from bounds
    union all
    -- Customers not scored as buyers: no CLTV, so no bounds.
    select 'No net value', 4, null, null from bounds
)

select * from final
