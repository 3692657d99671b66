-- The products section in one row: totals, the tie-out with the ledger (product revenue equals the
-- revenue of the lines the ledger keeps for product figures), credit-note lines that matched no
-- product, the windows and thresholds in force, and the basket settings.
with products as not materialized (select * from products),

pairs as (select * from product_pairs),

product_lines as (select * from int_product_lines_matched),

order_lines as (select * from stg_retail__order_lines),

ledger as (select * from order_line_ledger),

rules as (select * from int_product_rules),

product_totals as (
    select
        count(*) as products,
        sum(revenue) as revenue,
        sum(units) as units,
        sum(returned_units) as returned_units,
        sum(returned_value) as returned_value,
        count(*) filter (where abc_class = 'A') as products_a,
        count(*) filter (where abc_class = 'B') as products_b,
        count(*) filter (where abc_class = 'C') as products_c,
        sum(revenue) filter (where abc_class = 'A') as revenue_a,
        any_value(snapshot_date) as snapshot_date
    from products
),

line_totals as (
    select
        count(distinct invoice_id) filter (where kind = 'sale') as orders,
        count(distinct customer_id) filter (where kind = 'sale') as customers,
        sum(lines) filter (where kind = 'sale') as sale_lines,
        sum(lines) filter (where kind = 'return') as matched_return_lines
    from product_lines
),

negative_lines as (
    -- Credit-note and return lines with a negative quantity: matched to a product or not.
    select count(*) as lines, coalesce(-sum(line_revenue), 0) as value
    from order_lines
    where exclusion_reason in ('credit_note', 'return') and quantity < 0
),

ledger_totals as (
    select
        sum(lines) filter (where outcome in ('kept', 'guest_checkout')) as ledger_lines,
        sum(revenue) filter (where outcome in ('kept', 'guest_checkout')) as ledger_revenue
    from ledger
),

pair_totals as (
    select count(*) as pairs, any_value(min_support) as min_support from pairs
),

final as (
    select
        product_totals.products,
        product_totals.revenue,
        product_totals.units,
        line_totals.orders,
        line_totals.customers,
        line_totals.sale_lines,
        ledger_totals.ledger_lines,
        ledger_totals.ledger_revenue,
        product_totals.returned_units,
        product_totals.returned_value,
        line_totals.matched_return_lines,
        negative_lines.lines - line_totals.matched_return_lines as unmatched_return_lines,
        negative_lines.value - product_totals.returned_value as unmatched_return_value,
        product_totals.products_a,
        product_totals.products_b,
        product_totals.products_c,
        product_totals.revenue_a / product_totals.revenue as revenue_share_a,
        product_totals.products_a / product_totals.products as product_share_a,
        product_totals.snapshot_date,
        rules.status_window_days as window_days,
        rules.abc_a_cutoff,
        rules.abc_b_cutoff,
        rules.highlight_min_orders,
        pair_totals.min_support as basket_min_support,
        pair_totals.pairs
    from product_totals
    cross join line_totals
    cross join negative_lines
    cross join ledger_totals
    cross join pair_totals
    cross join rules
)

select * from final
