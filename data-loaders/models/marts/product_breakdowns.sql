-- Products, revenue and returns by ABC class, by price flag and by category, for the overview.
with products as not materialized (select * from products),

final as (
    select 'abc_class' as dimension, abc_class as value, count(*) as products, sum(revenue) as revenue,
        sum(returned_value) as returned_value
    from products group by all
    union all
    select 'price_flag', coalesce(price_flag, 'none'), count(*), sum(revenue), sum(returned_value)
    from products group by all
    union all
    -- Only when some product has a category (from the order lines or seeds/product_categories.csv).
    select 'category', coalesce(category, '(no category)'), count(*), sum(revenue), sum(returned_value)
    from products where exists (select 1 from products where category is not null) group by all
)

select * from final
order by dimension, value
