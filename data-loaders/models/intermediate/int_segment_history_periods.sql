-- The snapshots segments are recomputed at: today's (the snapshot int_customers_rfm_valued
-- measures at) and the start of each of the vars.segment_history_periods - 1 periods before it,
-- at vars.segment_history_grain. A snapshot is the morning after its period: as_of_date is the last
-- day of history it sees. Snapshots on or before the first invoice see no customer and are left out.
with today as (select max(snapshot_date) as snapshot_date from int_customers_rfm_valued),

invoices as (select * from int_invoices_aggregated),

settings as (
    select
        cast(getvariable('segment_history_grain') as varchar) as grain,
        cast(getvariable('segment_history_periods') as integer) as periods
),

period_starts as (
    select
        case settings.grain
            when 'week' then date_trunc('week', today.snapshot_date - 1) - to_days(cast(7 * k as integer))
            when 'quarter' then date_trunc('quarter', today.snapshot_date - 1) - to_months(cast(3 * k as integer))
            else date_trunc('month', today.snapshot_date - 1) - to_months(cast(k as integer))
        end as snapshot_date
    from today
    cross join settings
    cross join range(0, 1000) as steps(k)
    where k < settings.periods - 1
),

snapshots as (
    select cast(snapshot_date as date) as snapshot_date from period_starts
    where cast(snapshot_date as date) < (select snapshot_date from today)
    union
    select snapshot_date from today
),

final as (
    select
        cast(row_number() over (order by snapshot_date) as integer) as period_index,
        snapshot_date,
        cast(snapshot_date - 1 as date) as as_of_date,
        snapshot_date = (select snapshot_date from today) as is_today,
        settings.grain
    from snapshots
    cross join settings
    where snapshot_date > (select cast(min(invoiced_at) as date) from invoices)
    order by snapshot_date
)

select * from final
