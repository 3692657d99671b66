-- Per pair of consecutive snapshots: how many customers stayed in their segment, moved up or down
-- the segment order, or arrived; shares are of the customers present at both dates.
with flows as (select * from segment_migration_flows),

periods as not materialized (select * from int_segment_history_periods),

per_pair as (
    select
        from_snapshot,
        to_snapshot,
        sum(customers) filter (where direction <> 'new') as customers_at_both,
        coalesce(sum(customers) filter (where direction = 'stayed'), 0) as stayed,
        coalesce(sum(customers) filter (where direction = 'improved'), 0) as improved,
        coalesce(sum(customers) filter (where direction = 'slipped'), 0) as slipped,
        coalesce(sum(customers) filter (where direction = 'new'), 0) as new_customers,
        coalesce(sum(revenue_year_before) filter (where direction = 'slipped'), 0) as slipped_revenue_year_before
    from flows
    group by from_snapshot, to_snapshot
),

final as (
    select
        per_pair.from_snapshot,
        per_pair.to_snapshot,
        earlier.as_of_date as from_as_of_date,
        later.as_of_date as to_as_of_date,
        coalesce(per_pair.customers_at_both, 0) as customers_at_both,
        per_pair.stayed,
        per_pair.improved,
        per_pair.slipped,
        per_pair.new_customers,
        per_pair.stayed / nullif(per_pair.customers_at_both, 0) as stayed_share,
        per_pair.improved / nullif(per_pair.customers_at_both, 0) as improved_share,
        per_pair.slipped / nullif(per_pair.customers_at_both, 0) as slipped_share,
        per_pair.slipped_revenue_year_before
    from per_pair
    inner join periods as earlier on earlier.snapshot_date = per_pair.from_snapshot
    inner join periods as later on later.snapshot_date = per_pair.to_snapshot
    order by per_pair.from_snapshot
)

select * from final
