-- Where every raw order line went: kept for customer models, or excluded for one named reason,
-- with its revenue and whether that revenue still counts in net revenue. Rows in = rows kept +
-- rows excluded, by construction and by data test; every reason in the seed is listed, even at 0.
with order_lines as not materialized (select * from stg_retail__order_lines),

reasons as (select * from exclusion_reasons),

outcomes as (
    select 'kept' as outcome, 0 as display_order, 'Kept' as label, true as in_net_revenue,
        'Normal purchase lines: a customer, a product, a positive quantity and price' as description,
        'Used in every model' as treatment
    union all
    select reason, display_order, label, in_net_revenue, description, treatment from reasons
),

per_outcome as (
    select
        case when is_kept(exclusion_reason) then 'kept' else exclusion_reason end as outcome,
        count(*) as lines,
        sum(line_revenue) as revenue,
        count(distinct invoice_id) as invoices,
        count(distinct customer_id) as customers,
        -- The statuses behind an outcome, for a source with a status map ("cancelled, voided").
        string_agg(distinct status, ', ' order by status) as statuses
    from order_lines
    group by all
),

total as (
    select count(*) as lines from order_lines
),

final as (
    select
        outcomes.outcome,
        outcomes.display_order,
        -- Lines left out for their order's status are labelled with the statuses that did it.
        case
            when outcomes.outcome = 'excluded_status' and per_outcome.statuses is not null
                then outcomes.label || ': ' || per_outcome.statuses
            else outcomes.label
        end as label,
        outcomes.in_net_revenue,
        outcomes.description,
        outcomes.treatment,
        coalesce(per_outcome.lines, 0) as lines,
        coalesce(per_outcome.lines, 0) / nullif(total.lines, 0) as share_of_lines,
        coalesce(per_outcome.revenue, 0) as revenue,
        coalesce(per_outcome.invoices, 0) as invoices,
        coalesce(per_outcome.customers, 0) as customers
    from outcomes
    cross join total
    left join per_outcome on per_outcome.outcome = outcomes.outcome
)

select * from final
