-- The R x FM grid: customers and their value (monetary, summed) in each of the 25 score cells, including empty ones,
-- so a chart never hides a cell by omission. Each cell is labelled with the segment most of its
-- (R, F, M) cells map to in seeds/rfm_segment_map.csv. Customers with no net value have no scores
-- and no cell.
with customers as (select * from customer_rfm),

segment_map as (select * from rfm_segment_map),

cells as (
    select cast(r.r_score as integer) as r_score, cast(fm.fm_score as integer) as fm_score
    from range(1, 6) as r(r_score)
    cross join range(1, 6) as fm(fm_score)
),

cell_segments as (
    select r_score, cast(ceil((f_score + m_score) / 2) as integer) as fm_score, segment
    from segment_map
    group by r_score, fm_score, segment
    qualify row_number() over (partition by r_score, fm_score order by count(*) desc, segment) = 1
),

per_cell as (
    select
        r_score,
        fm_score,
        count(*) as customers,
        sum(monetary) as monetary,
        median(recency_days) as median_recency_days,
        median(frequency) as median_frequency
    from customers
    where is_scored
    group by r_score, fm_score
),

final as (
    select
        cells.r_score,
        cells.fm_score,
        cell_segments.segment,
        coalesce(per_cell.customers, 0) as customers,
        coalesce(per_cell.monetary, 0) as monetary,
        per_cell.median_recency_days,
        per_cell.median_frequency
    from cells
    left join cell_segments
        on cells.r_score = cell_segments.r_score and cells.fm_score = cell_segments.fm_score
    left join per_cell
        on cells.r_score = per_cell.r_score and cells.fm_score = per_cell.fm_score
)

select * from final
