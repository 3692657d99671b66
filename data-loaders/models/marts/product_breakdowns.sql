-- Products, revenue and returns by ABC class and by price flag, for the overview's counts.
with products as (select * from products),

final as (
    select 'abc_class' as dimension, abc_class as value, count(*) as products, sum(revenue) as revenue,
        sum(returned_value) as returned_value
    from products group by all
    union all
    select 'price_flag', coalesce(price_flag, 'none'), count(*), sum(revenue), sum(returned_value)
    from products group by all
)

select * from final
order by dimension, value
