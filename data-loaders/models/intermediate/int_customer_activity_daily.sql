-- One row per customer per day with a kept purchase line: what "active" means for purchasers.
-- Returns, guest checkouts and zero-price lines are not activity (the ledger counts them).
with order_lines as (select * from stg_retail__order_lines),

kept as (
    select * from order_lines where is_kept(exclusion_reason)
),

final as (
    select
        customer_id,
        cast(invoiced_at as date) as activity_date,
        count(distinct invoice_id) as invoices,
        sum(line_revenue) as revenue
    from kept
    group by customer_id, cast(invoiced_at as date)
)

select * from final
