-- The product lists the overview shows: best and worst sellers by revenue, and the most
-- returned by return rate (products on at least highlight_min_orders orders) and by value.
with products as not materialized (select * from products),

limits as (select highlight_products as top_n, highlight_min_orders as min_orders from int_product_rules),

listed as (
    select 'top_revenue' as list, row_number() over (order by revenue desc, product_id) as list_rank, products.*
    from products
    union all
    select 'bottom_revenue', row_number() over (order by revenue, product_id), products.*
    from products
    union all
    select 'top_return_rate', row_number() over (order by return_rate desc, product_id), products.*
    from products, limits
    where products.orders >= limits.min_orders and products.returned_units > 0
    union all
    select 'top_returned_value', row_number() over (order by returned_value desc, product_id), products.*
    from products
    where products.returned_value > 0
),

final as (
    select
        listed.list, listed.list_rank, listed.product_id, listed.product_name, listed.revenue, listed.units,
        listed.orders, listed.customers, listed.returned_units, listed.returned_value, listed.return_rate,
        listed.abc_class, listed.portfolio_status, listed.lifecycle_status, listed.price_flag
    from listed, limits
    where listed.list_rank <= limits.top_n
)

select * from final
order by list, list_rank
