-- One row per product: what it sells, who buys it, what comes back, and how it is classified.
-- ABC: products ranked by revenue (ties by product_id); a product is A while the cumulative share
-- of product revenue up to and including it is at most abc_a_cutoff, B up to abc_b_cutoff, C after.
-- Portfolio (the marketing plan's Star / Cash Cow / Problem / Declining): high share = revenue in
-- the last window at least portfolio_high_share_multiple x the average of the products sold in it;
-- growing = last window above the previous by portfolio_high_growth or more, or nothing before.
-- Lifecycle, first rule that applies: new, discontinued, growing, declining, stable.
-- Ratios are compared rounded to 9 decimals so that a value exactly on a threshold in the data
-- (120 against 100 is +20%) is not pushed across it by binary floating point.
with products as not materialized (select * from int_products_windowed),

prices as (select * from product_price_consistency),

constants as (select * from int_product_rules),

order_lines as (select * from stg_retail__order_lines),

category_seed as (select * from product_categories),

-- Category: the one the order lines give the product most often (ties to the first by name), or
-- else seeds/product_categories.csv; null when neither names one.
categories_written as (
    select product_id, first(category order by lines desc, category) as category
    from (select product_id, category, count(*) as lines from order_lines where category is not null group by all)
    group by product_id
),

totals as (
    select
        sum(revenue) as revenue,
        sum(revenue_last_window) as revenue_last_window,
        count(*) filter (where revenue_last_window > 0) as products_sold_last_window
    from products
),

buyers as (
    -- Identified customers who bought any product: the base of penetration.
    select count(distinct customer_id) as customers
    from int_product_lines_matched
    where kind = 'sale' and customer_id is not null
),

ranked as (
    select
        products.*,
        row_number() over (order by products.revenue desc, products.product_id) as revenue_rank,
        sum(products.revenue) over (order by products.revenue desc, products.product_id rows unbounded preceding) as cumulative_revenue,
        case when products.revenue_previous_window > 0
            then products.revenue_last_window / products.revenue_previous_window - 1
        end as growth
    from products
),

classified as (
    select
        ranked.*,
        ranked.revenue / totals.revenue as revenue_share,
        ranked.cumulative_revenue / totals.revenue as cumulative_share,
        case
            when round(ranked.cumulative_revenue / totals.revenue, 9) <= constants.abc_a_cutoff then 'A'
            when round(ranked.cumulative_revenue / totals.revenue, 9) <= constants.abc_b_cutoff then 'B'
            else 'C'
        end as abc_class,
        ranked.revenue_last_window > 0
            and round(ranked.revenue_last_window * totals.products_sold_last_window / totals.revenue_last_window, 9)
                >= constants.portfolio_high_share_multiple as high_share,
        (ranked.revenue_previous_window = 0 and ranked.revenue_last_window > 0)
            or round(ranked.growth, 9) >= constants.portfolio_high_growth as high_growth,
        case
            when cast(ranked.first_sold_at as date) >= ranked.snapshot_date - to_days(constants.lifecycle_new_days) then 'new'
            when cast(ranked.last_sold_at as date) < ranked.snapshot_date - to_days(constants.lifecycle_discontinued_days) then 'discontinued'
            when ranked.revenue_previous_window = 0 and ranked.revenue_last_window > 0 then 'growing'
            when round(ranked.growth, 9) >= constants.lifecycle_growing then 'growing'
            when round(ranked.growth, 9) <= -constants.lifecycle_declining then 'declining'
            else 'stable'
        end as lifecycle_status,
        buyers.customers as all_customers
    from ranked
    cross join totals
    cross join constants
    cross join buyers
),

final as (
    select
        classified.product_id,
        classified.product_name,
        classified.revenue_rank,
        classified.revenue,
        classified.units,
        classified.orders,
        classified.customers,
        classified.first_sold_at,
        classified.last_sold_at,
        classified.returned_units,
        classified.returned_value,
        classified.return_invoices,
        classified.returned_units / classified.units as return_rate,
        classified.revenue - classified.returned_value as net_revenue,
        classified.customers / nullif(classified.all_customers, 0) as penetration,
        classified.repeat_customers,
        classified.repeat_customers / nullif(classified.customers, 0) as repeat_purchase_rate,
        classified.revenue_share,
        classified.cumulative_share,
        classified.abc_class,
        classified.revenue_last_window,
        classified.revenue_previous_window,
        classified.growth,
        case
            when classified.revenue_last_window = 0 and classified.revenue_previous_window = 0 then null
            when classified.high_share and classified.high_growth then 'Star'
            when classified.high_share then 'Cash Cow'
            when classified.high_growth then 'Problem'
            else 'Declining'
        end as portfolio_status,
        classified.lifecycle_status,
        prices.price_flag,
        coalesce(categories_written.category, nullif(trim(category_seed.category), '')) as category,
        classified.snapshot_date
    from classified
    left join prices on prices.product_id = classified.product_id
    left join categories_written on categories_written.product_id = classified.product_id
    left join category_seed on category_seed.product_id = classified.product_id
)

select * from final
order by revenue_rank
