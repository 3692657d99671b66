-- One big table: everything known about each customer, one row each, for BI tools, exports and
-- the customer pages. No names or e-mail addresses: personal data never leaves the warehouse.
with rfm as (select * from int_customers_rfm_scored),

value as (select * from int_customers_value_tiered),

churn as (select * from int_customers_churn_flagged),

lines as (select * from int_customer_lines_aggregated),

customers as (select * from stg_store__customers where is_kept(exclusion_reason)),

behaviour_map as (select * from behavioural_segment_map),

-- BG/NBD and Gamma-Gamma predictions (null when the fit could not run or did not converge).
predictions as (select * from customer_clv_predictions),

final as (
    select
        rfm.customer_id,
        lines.country,
        customers.acquisition_channel,
        customers.first_seen_at,
        rfm.first_purchase_at,
        rfm.last_purchase_at,
        rfm.snapshot_date,
        rfm.recency_days,
        rfm.frequency,
        rfm.monetary,
        rfm.gross_monetary,
        rfm.matched_credit_value,
        rfm.cancelled_orders,
        rfm.value_basis,
        rfm.is_scored,
        rfm.units,
        rfm.tenure_days,
        rfm.mean_days_between_orders,
        rfm.r_score,
        rfm.f_score,
        rfm.m_score,
        rfm.fm_score,
        rfm.rfm_cell,
        rfm.segment,
        rfm.recommended_action,
        value.aov,
        value.annual_purchase_frequency,
        value.cltv_revenue,
        value.cltv_profit,
        value.cltv_tier,
        churn.is_churned,
        churn.churn_risk_group,
        churn.churn_status,
        churn.days_overdue,
        coalesce(behaviour_map.behavioural_segment, rfm.segment) as behavioural_segment,
        concat(churn.churn_status, ' - ', coalesce(behaviour_map.behavioural_segment, rfm.segment)) as combined_segment,
        lines.revenue_last_12_months,
        lines.credit_notes,
        lines.credit_note_value,
        predictions.p_alive,
        predictions.expected_purchases_long,
        predictions.predicted_value,
        predictions.predictive_tier
    from rfm
    inner join value on value.customer_id = rfm.customer_id
    inner join churn on churn.customer_id = rfm.customer_id
    inner join lines on lines.customer_id = rfm.customer_id
    left join customers on customers.customer_id = rfm.customer_id
    left join predictions on predictions.customer_id = rfm.customer_id
    left join behaviour_map
        on behaviour_map.f_score = rfm.f_score and behaviour_map.m_score = rfm.m_score
)

select * from final
