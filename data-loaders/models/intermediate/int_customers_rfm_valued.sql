-- Recency, frequency, monetary value and tenure per customer, measured at the snapshot date.
-- The snapshot defaults to the day after the last invoice, so a historical data set reads as if
-- analysed the morning after it ends; set vars.snapshot_date to pin another day.
with invoices as (select * from int_invoices_aggregated),

snapshot as (
    select coalesce(
        cast(getvariable('snapshot_date') as date),
        cast(max(invoiced_at) as date) + 1
    ) as snapshot_date
    from invoices
),

per_customer as (
    select
        customer_id,
        min(invoiced_at) as first_purchase_at,
        max(invoiced_at) as last_purchase_at,
        count(distinct invoice_id) as frequency,
        sum(revenue) as monetary,
        sum(units) as units
    from invoices
    group by customer_id
),

final as (
    select
        per_customer.customer_id,
        per_customer.first_purchase_at,
        per_customer.last_purchase_at,
        snapshot.snapshot_date,
        date_diff('day', cast(per_customer.last_purchase_at as date), snapshot.snapshot_date) as recency_days,
        per_customer.frequency,
        per_customer.monetary,
        per_customer.units,
        date_diff('day', cast(per_customer.first_purchase_at as date), snapshot.snapshot_date) as tenure_days,
        -- The customer's own rhythm: days between first and last order over the gaps between orders.
        case when per_customer.frequency > 1
            then date_diff('day', cast(per_customer.first_purchase_at as date), cast(per_customer.last_purchase_at as date)) / (per_customer.frequency - 1)
        end as mean_days_between_orders
    from per_customer
    cross join snapshot
)

select * from final
