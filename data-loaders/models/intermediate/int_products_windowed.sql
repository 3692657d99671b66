-- Per product: sales, returns and customers over the whole history and in the two windows the
-- statuses compare (the last status_window_days before the snapshot, and the same length before
-- that). The snapshot is RFM's (int_snapshot_date): the day after the data ends unless vars.snapshot_date pins it.
-- product_lines is read three times: not materialized, or DuckDB (which materialises a CTE read more
-- than once) would first copy every line, which on 100M order lines did not fit this model's 768 MB.
with product_lines as not materialized (select * from int_product_lines_matched),

rules as (select * from int_product_rules),

snapshot as (select * from int_snapshot_date),

windows as (
    select
        snapshot.snapshot_date,
        rules.status_window_days as window_days
    from snapshot
    cross join rules
),

-- Distinct counts are counted from distinct rows (a GROUP BY, which spills to disk what does not fit
-- in memory) rather than with count(distinct ...), whose per-group sets DuckDB must hold in memory:
-- on 100M order lines they did not fit this model's 768 MB (even without the copy above). count(invoice_id)
-- leaves out a null id, as count(distinct invoice_id) did.
sold_invoices as (
    select distinct product_id, customer_id, invoice_id
    from product_lines
    where kind = 'sale'
),

invoices_per_product as (
    select
        product_id,
        count(invoice_id) filter (where kind = 'sale') as orders,
        count(invoice_id) filter (where kind = 'return') as return_invoices
    from (select distinct product_id, kind, invoice_id from product_lines)
    group by product_id
),

per_customer as (
    -- Orders of the product per identified customer, for the repeat-purchase rate.
    select product_id, customer_id, count(invoice_id) as orders
    from sold_invoices
    where customer_id is not null
    group by product_id, customer_id
),

per_product_customers as (
    select
        product_id,
        count(*) as customers,
        count(*) filter (where orders >= 2) as repeat_customers
    from per_customer
    group by product_id
),

per_product_sums as (
    select
        product_lines.product_id,
        sum(units) filter (where kind = 'sale') as units,
        sum(value) filter (where kind = 'sale') as revenue,
        min(invoiced_at) filter (where kind = 'sale') as first_sold_at,
        max(invoiced_at) filter (where kind = 'sale') as last_sold_at,
        coalesce(sum(units) filter (where kind = 'return'), 0) as returned_units,
        coalesce(sum(value) filter (where kind = 'return'), 0) as returned_value,
        coalesce(sum(value) filter (
            where kind = 'sale'
            and invoiced_at >= windows.snapshot_date - to_days(windows.window_days)
            and invoiced_at < windows.snapshot_date
        ), 0) as revenue_last_window,
        coalesce(sum(value) filter (
            where kind = 'sale'
            and invoiced_at >= windows.snapshot_date - to_days(2 * windows.window_days)
            and invoiced_at < windows.snapshot_date - to_days(windows.window_days)
        ), 0) as revenue_previous_window
    from product_lines
    cross join windows
    group by product_lines.product_id
),

per_product as (
    select
        sums.product_id,
        sums.units,
        sums.revenue,
        invoices.orders,
        sums.first_sold_at,
        sums.last_sold_at,
        sums.returned_units,
        sums.returned_value,
        invoices.return_invoices,
        sums.revenue_last_window,
        sums.revenue_previous_window
    from per_product_sums as sums
    -- Both group the same lines by product, so every product has its counts (a null id included).
    inner join invoices_per_product as invoices on invoices.product_id is not distinct from sums.product_id
),

names as (select * from int_product_names),

final as (
    select
        per_product.product_id,
        names.product_name,
        per_product.* exclude (product_id),
        coalesce(per_product_customers.customers, 0) as customers,
        coalesce(per_product_customers.repeat_customers, 0) as repeat_customers,
        windows.snapshot_date,
        windows.window_days
    from per_product
    cross join windows
    left join per_product_customers on per_product_customers.product_id = per_product.product_id
    left join names on names.product_id = per_product.product_id
    where per_product.units is not null
)

select * from final
