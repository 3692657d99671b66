-- How long converting paths are, in touches and in days from the first touch in the window to the
-- conversion, per conversion kind (all, first, repeat): conversions and revenue per bucket.
with journeys as not materialized (select * from attribution_journeys),

converting as (
    select conversion_kind, conversions, revenue, touches, days_to_end from journeys where conversions > 0
    union all
    select 'all', conversions, revenue, touches, days_to_end from journeys where conversions > 0
),

bucketed as (
    select
        conversion_kind,
        'touches' as measure,
        case when touches >= 10 then 10 else touches end as bucket_order,
        case when touches >= 10 then '10+' else cast(touches as varchar) end as bucket,
        conversions,
        revenue
    from converting
    union all
    select
        conversion_kind,
        'days' as measure,
        case
            when days_to_end is null then 9
            when days_to_end < 1 then 1
            when days_to_end < 2 then 2
            when days_to_end < 4 then 3
            when days_to_end < 8 then 4
            when days_to_end < 15 then 5
            when days_to_end < 31 then 6
            when days_to_end < 61 then 7
            else 8
        end as bucket_order,
        case
            when days_to_end is null then 'no times'
            when days_to_end < 1 then 'under 1 day'
            when days_to_end < 2 then '1 day'
            when days_to_end < 4 then '2-3 days'
            when days_to_end < 8 then '4-7 days'
            when days_to_end < 15 then '8-14 days'
            when days_to_end < 31 then '15-30 days'
            when days_to_end < 61 then '31-60 days'
            else '61+ days'
        end as bucket,
        conversions,
        revenue
    from converting
),

final as (
    select
        conversion_kind,
        measure,
        bucket_order,
        bucket,
        sum(conversions) as conversions,
        exact_revenue_total(revenue) as revenue
    from bucketed
    group by all
)

select * from final
