-- Customers and their value (monetary, summed) per RFM segment, with each segment's share, typical values and action.
with customers as not materialized (select * from customer_360),

segments as (select * from dim_rfm_segment),

totals as (
    select count(*) as customers, sum(monetary) as monetary from customers
),

per_segment as (
    select
        segment,
        count(*) as customers,
        sum(monetary) as monetary,
        median(recency_days) as median_recency_days,
        median(frequency) as median_frequency,
        median(monetary) as median_monetary,
        sum(revenue_last_12_months) as revenue_last_12_months,
        count(*) filter (where is_churned) as churned_customers
    from customers
    group by segment
),

final as (
    select
        segments.rfm_segment as segment,
        segments.display_order,
        segments.description,
        segments.recommended_action,
        coalesce(per_segment.customers, 0) as customers,
        coalesce(per_segment.customers, 0) / nullif(totals.customers, 0) as share_of_customers,
        coalesce(per_segment.monetary, 0) as monetary,
        coalesce(per_segment.monetary, 0) / nullif(totals.monetary, 0) as share_of_monetary,
        per_segment.median_recency_days,
        per_segment.median_frequency,
        per_segment.median_monetary,
        coalesce(per_segment.revenue_last_12_months, 0) as revenue_last_12_months,
        -- A segment named for active customers that holds churned ones contradicts the churn
        -- page (quintiles rank customers against each other); the overview says so.
        segments.expects_active,
        coalesce(per_segment.churned_customers, 0) as churned_customers
    from segments
    cross join totals
    left join per_segment on per_segment.segment = segments.rfm_segment
)

select * from final
