-- The R x FM grid: customers and revenue in each of the 25 score cells, including empty ones,
-- so a chart never hides a cell by omission.
with customers as (select * from customer_rfm),

cells as (
    select r.r_score, fm.fm_score
    from range(1, 6) as r(r_score)
    cross join range(1, 6) as fm(fm_score)
),

per_cell as (
    select
        r_score,
        fm_score,
        count(*) as customers,
        sum(monetary) as revenue,
        median(recency_days) as median_recency_days,
        median(frequency) as median_frequency
    from customers
    group by r_score, fm_score
),

final as (
    select
        cast(cells.r_score as integer) as r_score,
        cast(cells.fm_score as integer) as fm_score,
        coalesce(per_cell.customers, 0) as customers,
        coalesce(per_cell.revenue, 0) as revenue,
        per_cell.median_recency_days,
        per_cell.median_frequency
    from cells
    left join per_cell
        on cells.r_score = per_cell.r_score and cells.fm_score = per_cell.fm_score
)

select * from final
