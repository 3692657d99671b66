-- Star schema dimension: the RFM segments, their meaning, recommended action and how many of
-- the 125 score cells map to each.
with segments as (select * from rfm_segments),

segment_map as (select * from rfm_segment_map),

final as (
    select
        segments.segment as rfm_segment,
        segments.display_order,
        segments.description,
        segments.recommended_action,
        segments.expects_active,
        count(segment_map.segment) as score_cells
    from segments
    left join segment_map on segment_map.segment = segments.segment
    group by all
)

select * from final
