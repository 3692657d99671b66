-- Each customer's orders and credit notes, one row per invoice, for the customer detail view.
with order_lines as (select * from stg_retail__order_lines),

final as (
    select
        customer_id,
        invoice_id,
        min(invoiced_at) as invoiced_at,
        case when any_value(exclusion_reason) = 'credit_note' then 'credit note' else 'order' end as kind,
        count(*) as lines,
        sum(quantity) as units,
        sum(line_revenue) as revenue
    from order_lines
    where customer_id is not null
        and (is_kept(exclusion_reason) or exclusion_reason = 'credit_note')
    group by customer_id, invoice_id
)

select * from final
