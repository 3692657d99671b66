-- The baskets page's first view: the 50 strongest pairs by each measure it can sort on (lift,
-- orders with both, the higher confidence), so that any of its top-50 lists is exact.
with pairs as (select * from product_pairs),

ranked as (
    select
        *,
        row_number() over (order by lift desc, product_a, product_b) as lift_rank,
        row_number() over (order by orders_with_both desc, product_a, product_b) as orders_rank,
        row_number() over (order by greatest(confidence_a_to_b, confidence_b_to_a) desc, product_a, product_b) as confidence_rank
    from pairs
),

final as (
    select * exclude (min_support)
    from ranked
    where lift_rank <= 50 or orders_rank <= 50 or confidence_rank <= 50
)

select * from final
order by lift_rank
