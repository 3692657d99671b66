-- One row per customer invoice, from the lines kept for customer models: the order is the unit
-- of frequency and order value, not the line.
with order_lines as (select * from stg_retail__order_lines),

kept as (
    select * from order_lines where is_kept(exclusion_reason)
),

final as (
    select
        invoice_id,
        customer_id,
        min(invoiced_at) as invoiced_at,
        count(*) as lines,
        sum(quantity) as units,
        sum(line_revenue) as revenue
    from kept
    group by invoice_id, customer_id
)

select * from final
