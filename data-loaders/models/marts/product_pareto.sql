-- The Pareto curve of product revenue: cumulative share of revenue against share of products,
-- thinned to about 400 points for the page (every product of a small catalogue), keeping the
-- first and last product and the last of each ABC class so that the bands meet the curve.
with products as not materialized (select * from products),

sized as (
    select *, count(*) over () as catalogue_size from products
),

class_ends as (
    select max(revenue_rank) as revenue_rank from products group by abc_class
),

final as (
    select
        sized.revenue_rank,
        sized.revenue_rank / sized.catalogue_size as product_share,
        sized.cumulative_share,
        sized.abc_class
    from sized
    where sized.catalogue_size <= 400
        or sized.revenue_rank % cast(ceil(sized.catalogue_size / 400) as bigint) = 0
        or sized.revenue_rank in (1, sized.catalogue_size)
        or sized.revenue_rank in (select revenue_rank from class_ends)
)

select * from final
order by revenue_rank
