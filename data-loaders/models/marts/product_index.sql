-- Every product's code, name and rank: the product page's picker, small enough for a first view.
with products as (select * from products),

final as (
    select product_id, product_name, revenue_rank, abc_class
    from products
)

select * from final
order by revenue_rank
