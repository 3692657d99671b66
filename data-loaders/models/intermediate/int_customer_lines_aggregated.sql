-- Per customer, what the order lines say beyond purchases: credit notes, net revenue, the
-- country they buy from most, and revenue in the 12 months before the snapshot.
with order_lines as (select * from stg_retail__order_lines),

rfm as (select * from int_customers_rfm_valued),

customer_lines as (
    select order_lines.*, rfm.snapshot_date
    from order_lines
    inner join rfm on rfm.customer_id = order_lines.customer_id
),

main_country as (
    select customer_id, country
    from customer_lines
    where exclusion_reason is null
    group by customer_id, country
    qualify row_number() over (partition by customer_id order by count(*) desc, country) = 1
),

per_customer as (
    select
        customer_id,
        count(distinct invoice_id) filter (where exclusion_reason = 'credit_note') as credit_notes,
        coalesce(sum(line_revenue) filter (where exclusion_reason = 'credit_note'), 0) as credit_note_value,
        coalesce(sum(line_revenue) filter (where counts_in_net_revenue), 0) as net_revenue,
        coalesce(sum(line_revenue) filter (
            where exclusion_reason is null and invoiced_at >= snapshot_date - interval 365 day
        ), 0) as revenue_last_12_months
    from customer_lines
    group by customer_id
),

final as (
    select per_customer.*, main_country.country
    from per_customer
    left join main_country on main_country.customer_id = per_customer.customer_id
)

select * from final
