-- The constants and settings behind the figures, so pages can state them: business constants
-- from the seed and the vars of this build.
with constants as (select * from business_constants),

settings as (
    select
        cast(getvariable('churn_window_days') as integer) as churn_window_days,
        cast(getvariable('currency') as varchar) as currency,
        cast(getvariable('mau_window_days') as integer) as mau_window_days,
        cast(getvariable('experiment_conversion_window_days') as integer) as conversion_window_days
),

basis as (select any_value(value_basis) as value_basis from int_customers_rfm_valued),

final as (
    select name, cast(value as varchar) as value, description from constants
    union all
    select 'churn_window_days', cast(churn_window_days as varchar), 'Days without a purchase after which a customer counts as churned' from settings
    union all
    select 'currency', currency, 'Currency the pages format money in' from settings
    union all
    select 'mau_window_days', cast(mau_window_days as varchar), 'Days in the trailing window of monthly active users' from settings
    union all
    select 'experiment_conversion_window_days', cast(conversion_window_days as varchar), 'Experiments: a user converts when they purchase within this many days of assignment' from settings
    union all
    select 'customer_value_basis', coalesce(value_basis, cast(getvariable('customer_value_basis') as varchar)),
        'net: customer value is purchases less the credit notes matched to the customer, and fully cancelled orders are not purchases; gross: every kept purchase' from basis
)

select * from final
