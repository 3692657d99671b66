-- Product sales and returns at the grain of one product on one invoice. Sales are the lines the
-- ledger keeps for product figures: kept lines and guest checkouts (seeds/exclusion_reasons.csv:
-- "in net revenue and product figures"). Non-product charges, manual adjustments, zero-price and
-- other excluded lines stay out, each already counted by the ledger under its reason.
-- Returns are credit-note lines and returns without a credit note (negative quantity) of a
-- product that has sales, matched to it by product_id; a credit-note line of anything else
-- (postage, a discount, a product never sold) matches nothing and product_summary counts it.
with order_lines as not materialized (select * from stg_retail__order_lines),

sale_lines as not materialized (
    select * from order_lines
    where is_kept(exclusion_reason) or exclusion_reason = 'guest_checkout'
),

sold_products as (
    select distinct product_id from sale_lines
),

return_lines as (
    select order_lines.*
    from order_lines
    semi join sold_products on sold_products.product_id = order_lines.product_id
    where order_lines.exclusion_reason in ('credit_note', 'return') and order_lines.quantity < 0
),

sales as (
    select
        'sale' as kind, invoice_id, product_id, customer_id,
        min(invoiced_at) as invoiced_at,
        -- Stored as BIGINT and DECIMAL(18, 4), not the 128-bit types sum() gives: DuckDB reads
        -- 128-bit columns back from the warehouse file about 100 times slower (README, *Speed at
        -- scale*). One product's lines on one invoice fit (a cast that did not would fail the build).
        cast(sum(quantity) as bigint) as units,
        cast(sum(line_revenue) as decimal(18, 4)) as value,
        count(*) as lines
    from sale_lines
    group by invoice_id, product_id, customer_id
),

returns as (
    select
        'return' as kind, invoice_id, product_id, customer_id,
        min(invoiced_at) as invoiced_at,
        -cast(sum(quantity) as bigint) as units,
        -cast(sum(line_revenue) as decimal(18, 4)) as value,
        count(*) as lines
    from return_lines
    group by invoice_id, product_id, customer_id
),

final as (
    select * from sales
    union all
    select * from returns
)

select * from final
