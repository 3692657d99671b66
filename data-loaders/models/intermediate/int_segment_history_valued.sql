-- Recency, frequency, monetary value and tenure of every customer as of each snapshot of
-- int_segment_history_periods, from the history available then: the invoices and credit notes dated
-- before the snapshot. Measured as int_customers_rfm_valued measures today (same value basis,
-- cancellations and credit-note matching), so the latest snapshot equals it row for row
-- (test/migration/as-of-equality.test.ts). An order counts as cancelled only from the day its credit
-- note is issued, and a credit note is matched against what the customer had bought by then.
--
-- It scales with customer-days, not order lines: invoices are first summed per customer and day
-- (and the day a credit note cancelled them), and only those rows are repeated per snapshot.
with periods as (select snapshot_date from int_segment_history_periods),

invoices as (select * from int_invoices_aggregated),

cancelled as (select * from int_orders_cancelled),

order_lines as not materialized (select * from stg_retail__order_lines),

settings as (
    select cast(getvariable('customer_value_basis') as varchar) as value_basis
),

customer_days as (
    select
        invoices.customer_id,
        cast(invoices.invoiced_at as date) as activity_date,
        cancelled.cancelled_on,
        count(*) as invoices,
        sum(invoices.revenue) as revenue,
        min(invoices.invoiced_at) as first_at,
        max(invoices.invoiced_at) as last_at
    from invoices
    left join cancelled
        on cancelled.invoice_id = invoices.invoice_id and cancelled.customer_id = invoices.customer_id
    group by all
),

days_as_of as (
    select
        customer_days.*,
        periods.snapshot_date,
        customer_days.cancelled_on < periods.snapshot_date as is_cancelled,
        counts_as_purchase(customer_days.cancelled_on < periods.snapshot_date, settings.value_basis) as is_purchase
    from customer_days
    inner join periods on customer_days.activity_date < periods.snapshot_date
    cross join settings
),

per_customer as (
    select
        customer_id,
        snapshot_date,
        coalesce(min(first_at) filter (where is_purchase), min(first_at)) as first_purchase_at,
        coalesce(max(last_at) filter (where is_purchase), max(last_at)) as last_purchase_at,
        cast(coalesce(sum(invoices) filter (where is_purchase), 0) as bigint) as frequency,
        cast(coalesce(sum(invoices) filter (where is_cancelled), 0) as bigint) as cancelled_orders,
        sum(revenue) as gross_monetary,
        coalesce(sum(revenue) filter (where in_year_before(activity_date, snapshot_date)), 0) as purchases_last_12_months
    from days_as_of
    group by customer_id, snapshot_date
),

-- Credit-note matching by the same macros as int_credit_notes_matched, with what was bought and
-- credited by each snapshot: lines naming a product count against that product's purchases, at most all of them.
credit_lines as (
    select customer_id, product_id, cast(invoiced_at as date) as credited_on, line_revenue, product_rule
    from order_lines
    where exclusion_reason = 'credit_note' and customer_id is not null
        and (product_rule is null or product_rule <> 'non_product_charge')
),

credited_products as (
    select distinct customer_id, product_id from credit_lines where product_rule is null
),

bought_days as (
    select order_lines.customer_id, order_lines.product_id, cast(order_lines.invoiced_at as date) as bought_on, sum(order_lines.line_revenue) as revenue
    from order_lines
    semi join credited_products
        on credited_products.customer_id = order_lines.customer_id and credited_products.product_id = order_lines.product_id
    where is_kept(order_lines.exclusion_reason)
    group by all
),

bought_as_of as (
    select bought_days.customer_id, bought_days.product_id, periods.snapshot_date, sum(bought_days.revenue) as bought
    from bought_days
    inner join periods on bought_days.bought_on < periods.snapshot_date
    group by all
),

credit_lines_as_of as (
    select credit_lines.*, periods.snapshot_date
    from credit_lines
    inner join periods on credit_lines.credited_on < periods.snapshot_date
),

product_credits as (
    select
        credit_lines_as_of.customer_id,
        credit_lines_as_of.product_id,
        credit_lines_as_of.snapshot_date,
        -sum(credit_lines_as_of.line_revenue) as credited,
        coalesce(any_value(bought_as_of.bought), 0) as bought
    from credit_lines_as_of
    left join bought_as_of
        on bought_as_of.customer_id = credit_lines_as_of.customer_id
        and bought_as_of.product_id = credit_lines_as_of.product_id
        and bought_as_of.snapshot_date = credit_lines_as_of.snapshot_date
    where credit_lines_as_of.product_rule is null
    group by all
),

matched_lines as (
    select
        credit_lines_as_of.customer_id,
        credit_lines_as_of.snapshot_date,
        credit_lines_as_of.credited_on,
        credit_lines_as_of.line_revenue,
        credit_matched_share(credit_lines_as_of.customer_id, credit_lines_as_of.product_rule, product_credits.credited, product_credits.bought) as matched_share
    from credit_lines_as_of
    left join product_credits
        on product_credits.customer_id = credit_lines_as_of.customer_id
        and product_credits.product_id = credit_lines_as_of.product_id
        and product_credits.snapshot_date = credit_lines_as_of.snapshot_date
    -- product_credits only counts lines without a rule, so a line with one never reads it.
    where credit_lines_as_of.product_rule is not null or product_credits.bought > 0
),

matched_credits as (
    select
        customer_id,
        snapshot_date,
        sum(matched_credit_revenue(line_revenue, matched_share)) as matched_credit_value,
        sum(matched_credit_revenue(line_revenue, matched_share)) filter (where in_year_before(credited_on, snapshot_date)) as matched_credit_last_12_months
    from matched_lines
    group by customer_id, snapshot_date
),

valued as (
    select
        per_customer.*,
        coalesce(matched_credits.matched_credit_value, 0) as matched_credit_value,
        customer_value(settings.value_basis, per_customer.gross_monetary, matched_credits.matched_credit_value) as monetary,
        -- Worth in the year before the snapshot, by the rule of today's revenue_last_12_months.
        window_value(settings.value_basis, per_customer.purchases_last_12_months, matched_credits.matched_credit_last_12_months) as revenue_last_12_months,
        settings.value_basis
    from per_customer
    cross join settings
    left join matched_credits
        on matched_credits.customer_id = per_customer.customer_id and matched_credits.snapshot_date = per_customer.snapshot_date
),

final as (
    select
        customer_id,
        first_purchase_at,
        last_purchase_at,
        snapshot_date,
        date_diff('day', cast(last_purchase_at as date), snapshot_date) as recency_days,
        frequency,
        monetary,
        gross_monetary,
        matched_credit_value,
        cancelled_orders,
        value_basis,
        monetary > 0 and frequency > 0 as is_scored,
        date_diff('day', cast(first_purchase_at as date), snapshot_date) as tenure_days,
        case when frequency > 1
            then date_diff('day', cast(first_purchase_at as date), cast(last_purchase_at as date)) / (frequency - 1)
        end as mean_days_between_orders,
        revenue_last_12_months
    from valued
    order by snapshot_date, customer_id
)

select * from final
