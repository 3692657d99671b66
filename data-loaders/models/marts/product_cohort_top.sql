-- The products each acquisition cohort (customers by the month of their first product purchase)
-- spends most on over its whole history: the top cohort_top_products by revenue, ties by product_id.
with product_lines as (select * from int_product_lines_matched),

products as not materialized (select * from products),

rules as (select * from int_product_rules),

sales as (
    select * from product_lines where kind = 'sale' and customer_id is not null
),

cohorts as (
    select customer_id, date_trunc('month', min(invoiced_at)) as cohort_month
    from sales
    group by customer_id
),

per_cohort_product as (
    select
        cohorts.cohort_month,
        sales.product_id,
        sum(sales.value) as revenue,
        count(distinct sales.customer_id) as customers
    from sales
    inner join cohorts on cohorts.customer_id = sales.customer_id
    group by all
),

ranked as (
    select
        *,
        revenue / sum(revenue) over (partition by cohort_month) as share_of_cohort_revenue,
        row_number() over (partition by cohort_month order by revenue desc, product_id) as product_rank
    from per_cohort_product
),

final as (
    select
        cast(ranked.cohort_month as date) as cohort_month,
        ranked.product_rank,
        ranked.product_id,
        products.product_name,
        ranked.revenue,
        ranked.customers,
        ranked.share_of_cohort_revenue
    from ranked
    inner join products on products.product_id = ranked.product_id
    where ranked.product_rank <= (select cohort_top_products from rules)
)

select * from final
order by cohort_month, product_rank
