-- The constants of seeds/product_rules.csv as one row with a typed column each, so that every
-- product model reads a rule by name from one place (the seed's tests guarantee each name once).
with rules as (select * from product_rules)

select
    max(value) filter (where name = 'abc_a_cutoff') as abc_a_cutoff,
    max(value) filter (where name = 'abc_b_cutoff') as abc_b_cutoff,
    cast(max(value) filter (where name = 'status_window_days') as integer) as status_window_days,
    max(value) filter (where name = 'portfolio_high_share_multiple') as portfolio_high_share_multiple,
    max(value) filter (where name = 'portfolio_high_growth') as portfolio_high_growth,
    cast(max(value) filter (where name = 'lifecycle_new_days') as integer) as lifecycle_new_days,
    cast(max(value) filter (where name = 'lifecycle_discontinued_days') as integer) as lifecycle_discontinued_days,
    max(value) filter (where name = 'lifecycle_growing') as lifecycle_growing,
    max(value) filter (where name = 'lifecycle_declining') as lifecycle_declining,
    cast(max(value) filter (where name = 'cohort_top_products') as integer) as cohort_top_products,
    max(value) filter (where name = 'highlight_min_orders') as highlight_min_orders,
    cast(max(value) filter (where name = 'highlight_products') as integer) as highlight_products
from rules
