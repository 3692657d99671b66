-- Where every raw order line went: kept for customer models, or excluded for a named reason.
-- Rows in = rows kept + rows excluded, by construction and by data test.
with order_lines as (select * from stg_retail__order_lines),

final as (
    select
        coalesce(exclusion_reason, 'kept') as outcome,
        count(*) as lines,
        sum(line_revenue) as revenue,
        count(distinct customer_id) as customers,
        count(distinct invoice_id) as invoices
    from order_lines
    group by all
)

select * from final
