-- Per customer, what the order lines say beyond purchases: credit notes, the country they buy
-- from most, and revenue in the year before the snapshot (in_year_before, window_value: under the
-- net value basis less the credit notes matched to the customer in that year, as the segment
-- history values each past snapshot).
with order_lines as (select * from stg_retail__order_lines),

rfm as not materialized (select * from int_customers_rfm_valued),

credits as (select * from int_credit_notes_matched),

customer_lines as not materialized (
    select order_lines.*, rfm.snapshot_date, rfm.value_basis
    from order_lines
    inner join rfm on rfm.customer_id = order_lines.customer_id
    -- A snapshot pinned inside the data sees only the lines dated before it, as int_customers_rfm_valued.
    where observed_before_snapshot(order_lines.invoiced_at, cast(getvariable('snapshot_date') as date))
),

main_country as (
    select customer_id, country
    from customer_lines
    where is_kept(exclusion_reason)
    group by customer_id, country
    qualify row_number() over (partition by customer_id order by count(*) desc, country) = 1
),

per_customer as (
    select
        customer_id,
        value_basis,
        count(distinct invoice_id) filter (where exclusion_reason = 'credit_note') as credit_notes,
        coalesce(sum(line_revenue) filter (where exclusion_reason = 'credit_note'), 0) as credit_note_value,
        coalesce(sum(line_revenue) filter (
            where is_kept(exclusion_reason) and in_year_before(invoiced_at, snapshot_date)
        ), 0) as purchases_last_12_months
    from customer_lines
    group by customer_id, value_basis
),

credits_last_12_months as (
    select credits.customer_id, sum(credits.matched_revenue) as matched_credit_value
    from credits
    inner join rfm on rfm.customer_id = credits.customer_id
    where credits.matched_to is not null
        and in_year_before(credits.invoiced_at, rfm.snapshot_date)
    group by credits.customer_id
),

final as (
    select
        per_customer.customer_id,
        per_customer.credit_notes,
        per_customer.credit_note_value,
        window_value(per_customer.value_basis, per_customer.purchases_last_12_months, credits_last_12_months.matched_credit_value) as revenue_last_12_months,
        main_country.country
    from per_customer
    left join main_country on main_country.customer_id = per_customer.customer_id
    left join credits_last_12_months on credits_last_12_months.customer_id = per_customer.customer_id
)

select * from final
