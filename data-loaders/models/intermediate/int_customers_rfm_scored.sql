-- Quintile scores (5 = best) and the RFM segment of each customer. Ties are broken by the other
-- measures and finally by customer_id, so a score never depends on row order. The segment comes
-- from seeds/rfm_segment_map.csv, which names one segment for each of the 125 score cells.
with rfm as (select * from int_customers_rfm_valued),

segment_map as (select * from rfm_segment_map),

segments as (select * from rfm_segments),

scored as (
    select
        *,
        cast(ntile(5) over (order by recency_days desc, frequency, monetary, customer_id) as integer) as r_score,
        cast(ntile(5) over (order by frequency, monetary, recency_days desc, customer_id) as integer) as f_score,
        cast(ntile(5) over (order by monetary, frequency, recency_days desc, customer_id) as integer) as m_score
    from rfm
),

final as (
    select
        scored.*,
        -- FM is the rounded-up mean of F and M: frequency and spend move together for most customers.
        cast(ceil((scored.f_score + scored.m_score) / 2) as integer) as fm_score,
        concat(scored.r_score, scored.f_score, scored.m_score) as rfm_cell,
        segment_map.segment,
        segments.recommended_action
    from scored
    left join segment_map
        on scored.r_score = segment_map.r_score
        and scored.f_score = segment_map.f_score
        and scored.m_score = segment_map.m_score
    left join segments on segments.segment = segment_map.segment
)

select * from final
