-- One row per customer with RFM values and quintile scores (5 = best). Ties are broken by the
-- other measures and finally by customer_id, so a score never depends on row order.
with rfm as (select * from int_customers_rfm_valued),

scored as (
    select
        *,
        ntile(5) over (order by recency_days desc, frequency, monetary, customer_id) as r_score,
        ntile(5) over (order by frequency, monetary, recency_days desc, customer_id) as f_score,
        ntile(5) over (order by monetary, frequency, recency_days desc, customer_id) as m_score
    from rfm
),

final as (
    select
        customer_id,
        first_purchase_at,
        last_purchase_at,
        snapshot_date,
        recency_days,
        frequency,
        monetary,
        tenure_days,
        r_score,
        f_score,
        m_score,
        -- FM is the rounded-up mean of F and M: frequency and spend move together for most customers.
        cast(ceil((f_score + m_score) / 2) as integer) as fm_score,
        concat(r_score, f_score, m_score) as rfm_cell
    from scored
)

select * from final
