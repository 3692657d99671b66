-- One row per customer and history snapshot: RFM segment and scores, churn status and value tier
-- as of that date (int_segment_history_scored), with the segment's rank for telling a move up from
-- a move down. The page loads it into DuckDB-wasm to compare any two dates.
with scored as (select * from int_segment_history_scored),

periods as (select * from int_segment_history_periods),

segments as (select * from dim_rfm_segment),

final as (
    select
        scored.customer_id,
        periods.period_index,
        scored.snapshot_date,
        periods.as_of_date,
        scored.segment,
        segments.display_order as segment_order,
        scored.r_score,
        scored.f_score,
        scored.m_score,
        scored.recency_days,
        scored.tenure_days,
        scored.frequency,
        scored.monetary,
        scored.gross_monetary,
        scored.revenue_last_12_months,
        scored.churn_status,
        scored.cltv_tier
    from scored
    inner join periods on periods.snapshot_date = scored.snapshot_date
    inner join segments on segments.rfm_segment = scored.segment
    order by scored.snapshot_date, scored.customer_id
)

select * from final
