-- Headline figures for the report pages, one row.
with order_lines as (select * from stg_retail__order_lines),

customers as (select * from customer_360),

lines as (
    select
        count(*) as lines_in,
        count(*) filter (where is_kept(exclusion_reason)) as lines_kept,
        count(*) filter (where not is_kept(exclusion_reason)) as lines_excluded,
        min(invoiced_at) as first_invoice_at,
        max(invoiced_at) as last_invoice_at,
        count(distinct invoice_id) filter (where is_kept(exclusion_reason)) as invoices,
        sum(line_revenue) filter (where is_kept(exclusion_reason)) as revenue,
        sum(line_revenue) filter (where counts_in_net_revenue) as net_revenue,
        count(distinct country) filter (where is_kept(exclusion_reason)) as countries,
        count(distinct product_id) filter (where is_kept(exclusion_reason)) as products,
        -- The common filter (customer, quantity > 0, price > 0), for comparison with published figures.
        count(*) filter (where passes_common_filter) as common_filter_lines,
        count(distinct customer_id) filter (where passes_common_filter) as common_filter_customers,
        count(distinct invoice_id) filter (where passes_common_filter) as common_filter_invoices,
        sum(line_revenue) filter (where passes_common_filter) as common_filter_revenue
    from order_lines
),

people as (
    select
        count(*) as customers,
        -- Medians describe buyers: the customers with no net value have no AOV and are counted apart.
        count(*) filter (where is_scored) as customers_scored,
        count(*) filter (where not is_scored) as customers_no_net_value,
        sum(monetary) as monetary,
        any_value(snapshot_date) as snapshot_date,
        median(recency_days) filter (where is_scored) as median_recency_days,
        median(frequency) filter (where is_scored) as median_frequency,
        median(monetary) filter (where is_scored) as median_monetary,
        median(aov) as median_customer_aov,
        count(*) filter (where is_churned) as churned_customers
    from customers
),

final as (
    select
        lines.*,
        lines.lines_excluded / nullif(lines.lines_in, 0) as data_loss_share,
        -- Overall AOV is revenue per order across all customers, not the mean of customer AOVs.
        lines.revenue / nullif(lines.invoices, 0) as overall_aov,
        people.*,
        -- Settings, from the vars: there even when no customer is left to carry them.
        cast(getvariable('churn_window_days') as integer) as churn_window_days,
        cast(getvariable('customer_value_basis') as varchar) as value_basis,
        cast(getvariable('currency') as varchar) as currency,
        cast(getvariable('rfm_scoring') as varchar) as rfm_scoring
    from lines
    cross join people
)

select * from final
