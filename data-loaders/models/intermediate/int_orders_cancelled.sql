-- Orders a credit note cancelled in full: a credit note of the same customer, issued at or after
-- the order, for exactly the order's value (its kept lines). A cancelled order is not a purchase:
-- under the net value basis it counts in neither frequency nor recency. Each credit note cancels
-- at most one order, the latest it can. A snapshot pinned inside the data (vars.snapshot_date)
-- sees only the credit notes dated before it (observed_before_snapshot).
with invoices as (select * from int_invoices_aggregated),

order_lines as (select * from stg_retail__order_lines),

credit_notes as (
    select invoice_id, customer_id, min(invoiced_at) as invoiced_at, sum(line_revenue) as revenue
    from order_lines
    where exclusion_reason = 'credit_note' and customer_id is not null
        and observed_before_snapshot(invoiced_at, cast(getvariable('snapshot_date') as date))
    group by invoice_id, customer_id
),

candidates as (
    select
        invoices.invoice_id,
        invoices.customer_id,
        credit_notes.invoice_id as credit_note_id,
        credit_notes.invoiced_at as credited_at
    from credit_notes
    inner join invoices
        on invoices.customer_id = credit_notes.customer_id
        and invoices.revenue = -credit_notes.revenue
        and invoices.invoiced_at <= credit_notes.invoiced_at
    qualify row_number() over (
        partition by credit_notes.invoice_id
        order by invoices.invoiced_at desc, invoices.invoice_id desc
    ) = 1
),

final as (
    select
        invoice_id,
        customer_id,
        min(credit_note_id) as cancelled_by,
        -- The day that credit note was issued: the order counts as cancelled from then on, so a
        -- view of the past (a snapshot of the segment history, the CLV calibration period) that
        -- ends before it still sees a purchase.
        cast(arg_min(credited_at, credit_note_id) as date) as cancelled_on
    from candidates
    group by invoice_id, customer_id
)

select * from final
