-- The day the report reads the data as of, one row: vars.snapshot_date when pinned, otherwise the
-- morning after the data ends, that is the day after the last kept sale or credit note. A credit
-- note dated after the last sale is part of the data: a snapshot the day after the last sale would
-- count it in today's figures (which read every row when nothing is pinned) but not in a view as of
-- that same morning (which reads the rows dated before it), and the two must agree
-- (customer_segment_history's latest snapshot equals customer_360). Customers' and products'
-- figures read this one row.
with order_lines as (select * from stg_retail__order_lines),

final as (
    select coalesce(
        cast(getvariable('snapshot_date') as date),
        cast(max(invoiced_at) as date) + 1
    ) as snapshot_date
    from order_lines
    where is_kept(exclusion_reason) or exclusion_reason in ('guest_checkout', 'credit_note')
)

select * from final
