-- Relative file names are read from the config's folder (configs/); the raw files are those of
-- dbt's jaffle shop. Every file named here is content-hashed, so editing one rebuilds the source.
with payments as (
    select order_id, sum(amount) as cents
    from '../../shared/data/jaffle-shop/raw_payments.csv'
    group by order_id
),

orders as (
    select o.id, o.user_id, o.order_date, o.status, p.cents
    from '../../shared/data/jaffle-shop/raw_orders.csv' as o
    left join payments as p on p.order_id = o.id
),

final as (
    select
        cast(id as varchar) as invoice_id,
        'ORDER' as product_id,
        'Jaffle shop order' as product_name,
        1 as quantity,
        cents / 100 as unit_price,
        order_date as invoiced_at,
        cast(user_id as varchar) as customer_id,
        cast(null as varchar) as country,
        status
    from orders
    order by id
)

select * from final
