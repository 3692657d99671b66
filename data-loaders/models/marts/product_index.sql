-- Every product's code, name and rank: the product page's picker, small enough for a first view.
with products as not materialized (select * from products),

final as (
    -- The rank first, so the exported file (sorted by all columns) lists products by revenue.
    select revenue_rank, product_id, product_name
    from products
)

select * from final
order by revenue_rank
