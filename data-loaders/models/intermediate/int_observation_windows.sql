-- The days each source observes, first to last, from every row it holds (excluded rows too: a
-- day with only returns was observed and had no purchasers). A period is complete when it ends
-- on or before the last observed day; the data set is read as if analysed the morning after.
with order_lines as (select * from stg_retail__order_lines),

events as (select * from stg_web__events),

bounds as (
    select 'purchasers' as source, min(invoiced_at) as first_at, max(invoiced_at) as last_at
    from order_lines
    union all
    select 'visitors' as source, min(event_at) as first_at, max(event_at) as last_at
    from events
),

final as (
    select
        source,
        cast(first_at as date) as first_date,
        cast(last_at as date) as last_date,
        last_at
    from bounds
    where first_at is not null
)

select * from final
