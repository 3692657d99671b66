-- Quintile scores (5 = best) and the RFM segment of each customer. Ties are broken by the other
-- measures and finally by customer_id, so a score never depends on row order. The segment comes
-- from seeds/rfm_segment_map.csv, which names one segment for each of the 125 score cells.
-- Only buyers are scored (is_scored): a customer with no value left after credit notes gets no
-- scores and the segment 'No net value' (seeds/rfm_segments.csv), so quintiles rank buyers only.
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
    where is_scored
),

unscored as (
    select *, cast(null as integer) as r_score, cast(null as integer) as f_score, cast(null as integer) as m_score
    from rfm
    where not is_scored
),

all_customers as (
    select * from scored
    union all by name
    select * from unscored
),

final as (
    select
        all_customers.*,
        -- FM is the rounded-up mean of F and M: frequency and spend move together for most customers.
        cast(ceil((all_customers.f_score + all_customers.m_score) / 2) as integer) as fm_score,
        case when all_customers.is_scored
            then concat(all_customers.r_score, all_customers.f_score, all_customers.m_score)
        end as rfm_cell,
        segments.segment,
        segments.recommended_action
    from all_customers
    left join segment_map
        on all_customers.r_score = segment_map.r_score
        and all_customers.f_score = segment_map.f_score
        and all_customers.m_score = segment_map.m_score
    left join segments
        on segments.segment = case when all_customers.is_scored then segment_map.segment else 'No net value' end
)

select * from final
