-- Recency, frequency, monetary value and tenure per customer, measured at the snapshot date.
-- The snapshot (int_snapshot_date) defaults to the day after the last invoice or credit note, so a
-- historical data set reads as if analysed the morning after it ends; set vars.snapshot_date to pin
-- another day. A day pinned
-- inside the data reads it as that morning would have: invoices and credit notes dated before it
-- (observed_before_snapshot, as int_orders_cancelled and int_credit_notes_matched apply it).
--
-- Value basis (vars.customer_value_basis, default net): under net, monetary is what the customer
-- bought less the credit notes matched to them (int_credit_notes_matched), and an order a credit
-- note cancelled in full (int_orders_cancelled) is not a purchase, so it counts in neither
-- frequency nor recency. Under gross, monetary is every kept purchase and every order counts.
-- A customer with no value left (monetary at or below zero, or every order cancelled) is not
-- scored as a buyer: is_scored is false and the customer stands in the group 'No net value'.
-- The rule is the macros counts_as_purchase and customer_value (src/components/sql-macros.js),
-- which int_segment_history_valued applies as of each snapshot.
with all_invoices as (select * from int_invoices_aggregated),

cancelled as (select * from int_orders_cancelled),

credits as (select * from int_credit_notes_matched),

settings as (
    select cast(getvariable('customer_value_basis') as varchar) as value_basis
),

snapshot as (select * from int_snapshot_date),

invoices as (
    select * from all_invoices
    where observed_before_snapshot(invoiced_at, cast(getvariable('snapshot_date') as date))
),

orders as (
    select
        invoices.*,
        cancelled.invoice_id is not null as is_cancelled,
        -- The orders that count as purchases under the basis in force.
        counts_as_purchase(cancelled.invoice_id is not null, settings.value_basis) as is_purchase
    from invoices
    cross join settings
    left join cancelled
        on cancelled.invoice_id = invoices.invoice_id and cancelled.customer_id = invoices.customer_id
),

matched_credits as (
    select customer_id, sum(matched_revenue) as matched_credit_value
    from credits
    where matched_to is not null
    group by customer_id
),

per_customer as (
    select
        customer_id,
        -- Dates come from the purchases; a customer whose every order was cancelled keeps the
        -- dates of those orders, so recency still says when they were last active.
        coalesce(min(invoiced_at) filter (where is_purchase), min(invoiced_at)) as first_purchase_at,
        coalesce(max(invoiced_at) filter (where is_purchase), max(invoiced_at)) as last_purchase_at,
        count(distinct invoice_id) filter (where is_purchase) as frequency,
        count(distinct invoice_id) filter (where is_cancelled) as cancelled_orders,
        sum(revenue) as gross_monetary,
        sum(units) as units
    from orders
    group by customer_id
),

valued as (
    select
        per_customer.*,
        coalesce(matched_credits.matched_credit_value, 0) as matched_credit_value,
        customer_value(settings.value_basis, per_customer.gross_monetary, matched_credits.matched_credit_value) as monetary,
        settings.value_basis
    from per_customer
    cross join settings
    left join matched_credits on matched_credits.customer_id = per_customer.customer_id
),

final as (
    select
        valued.customer_id,
        valued.first_purchase_at,
        valued.last_purchase_at,
        snapshot.snapshot_date,
        date_diff('day', cast(valued.last_purchase_at as date), snapshot.snapshot_date) as recency_days,
        valued.frequency,
        valued.monetary,
        valued.gross_monetary,
        valued.matched_credit_value,
        valued.cancelled_orders,
        valued.value_basis,
        valued.monetary > 0 and valued.frequency > 0 as is_scored,
        valued.units,
        date_diff('day', cast(valued.first_purchase_at as date), snapshot.snapshot_date) as tenure_days,
        -- The customer's own rhythm: days between first and last order over the gaps between orders.
        case when valued.frequency > 1
            then date_diff('day', cast(valued.first_purchase_at as date), cast(valued.last_purchase_at as date)) / (valued.frequency - 1)
        end as mean_days_between_orders
    from valued
    cross join snapshot
)

select * from final
