-- Purchasers and visitors in one shape, so every engagement model is written once and reads
-- the same way for both. A purchaser and a visitor are never the same row, even when a
-- customer id is also used as a web user id: they are different definitions of "active".
with customers as (select * from int_customer_activity_daily),

visitors as (select * from int_visitor_activity_daily),

final as (
    select 'purchasers' as source, customer_id as user_id, activity_date, cast(revenue as decimal(18, 4)) as revenue
    from customers
    union all
    select 'visitors' as source, user_id, activity_date, cast(revenue as decimal(18, 4)) as revenue
    from visitors
)

select * from final
