-- Average order value and historical lifetime value per customer:
--   CLTV revenue = AOV x annual purchase frequency x expected lifespan (years)
--   CLTV profit  = CLTV revenue x gross margin
-- with constants from seeds/business_constants.csv. AOV is per order (invoice), not per line.
-- A customer who is not scored as a buyer (no net value) has no AOV or CLTV: a rate built on a
-- value at or below zero would rank them, not describe them.
with rfm as (select * from int_customers_rfm_valued),

constants as (
    select
        max(value) filter (where name = 'gross_margin') as gross_margin,
        max(value) filter (where name = 'expected_lifespan_years') as expected_lifespan_years,
        max(value) filter (where name = 'min_observation_days') as min_observation_days
    from business_constants
),

rates as (
    select
        rfm.customer_id,
        case when rfm.is_scored then rfm.monetary / rfm.frequency end as aov,
        -- A short history would turn one order into an enormous yearly rate, hence the floor.
        case when rfm.is_scored then rfm.frequency end / (greatest(rfm.tenure_days, constants.min_observation_days) / 365.25) as annual_purchase_frequency,
        constants.expected_lifespan_years,
        constants.gross_margin
    from rfm
    cross join constants
),

final as (
    select
        customer_id,
        aov,
        annual_purchase_frequency,
        aov * annual_purchase_frequency * expected_lifespan_years as cltv_revenue,
        aov * annual_purchase_frequency * expected_lifespan_years * gross_margin as cltv_profit
    from rates
)

select * from final
