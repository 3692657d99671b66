-- Headline figures for the report pages, one row.
with order_lines as (select * from stg_retail__order_lines),

customers as (select * from customer_rfm),

lines as (
    select
        count(*) as lines_in,
        count(*) filter (where exclusion_reason is null) as lines_kept,
        min(invoiced_at) as first_invoice_at,
        max(invoiced_at) as last_invoice_at,
        count(distinct invoice_id) filter (where exclusion_reason is null) as invoices,
        sum(line_revenue) filter (where exclusion_reason is null) as revenue,
        sum(line_revenue) as net_revenue_all_lines,
        count(distinct country) filter (where exclusion_reason is null) as countries
    from order_lines
),

people as (
    select
        count(*) as customers,
        any_value(snapshot_date) as snapshot_date,
        median(recency_days) as median_recency_days,
        median(frequency) as median_frequency,
        median(monetary) as median_monetary
    from customers
),

final as (
    select * from lines cross join people
)

select * from final
