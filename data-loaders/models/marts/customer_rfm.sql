-- One row per customer with RFM values, quintile scores (5 = best), segment and the action
-- recommended for it.
with scored as (select * from int_customers_rfm_scored),

final as (
    select
        customer_id,
        first_purchase_at,
        last_purchase_at,
        snapshot_date,
        recency_days,
        frequency,
        monetary,
        is_scored,
        tenure_days,
        r_score,
        f_score,
        m_score,
        fm_score,
        rfm_cell,
        segment,
        recommended_action
    from scored
)

select * from final
