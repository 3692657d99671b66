-- The customers the common filter (a customer, quantity > 0, price > 0) counts and the report
-- does not, one row each with the reason: every line of theirs the filter keeps is left out by a
-- rule of the ledger, listed with its count. The report's customers are the customers of kept
-- lines, and a kept line always passes the filter, so the difference runs one way only (a data test checks it).
with order_lines as (select * from stg_retail__order_lines),

customers as (select customer_id from customer_360),

reasons as (select * from exclusion_reasons),

filtered as (
    select
        order_lines.customer_id,
        coalesce(reasons.label, 'Kept') as outcome_label,
        coalesce(reasons.display_order, 0) as display_order,
        order_lines.line_revenue
    from order_lines
    left join reasons on reasons.reason = order_lines.exclusion_reason
    where order_lines.passes_common_filter
        and order_lines.customer_id not in (select customer_id from customers)
),

per_outcome as (
    select customer_id, outcome_label, display_order, count(*) as lines, sum(line_revenue) as revenue
    from filtered
    group by all
),

final as (
    select
        customer_id,
        sum(lines) as common_filter_lines,
        sum(revenue) as common_filter_revenue,
        'Every line the common filter keeps is left out here: '
            || string_agg(outcome_label || ' (' || lines || (case when lines = 1 then ' line)' else ' lines)' end), ', ' order by display_order)
            as reason
    from per_outcome
    group by customer_id
    order by customer_id
)

select * from final
