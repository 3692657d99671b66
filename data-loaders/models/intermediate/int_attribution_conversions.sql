-- Every conversion: a purchase event (revenue from the event; when the event has none, from its
-- invoice among the kept order lines, matched on transaction_id = invoice_id; otherwise 0, and
-- counted) or a converting row of a touch-level export (its conversion_value). A user's first
-- conversion in the data is "first", later ones "repeat".
with events as (select * from stg_web__events),
invoices as (select * from int_invoices_aggregated),
exported as (select * from stg_attribution__touches),

-- One row per invoice id, so that the join below cannot repeat a purchase.
invoice_revenue as (
    select invoice_id, sum(revenue) as revenue from invoices group by invoice_id
),

purchases as (
    select
        'events' as origin,
        events.user_id,
        events.event_at as converted_at,
        coalesce(events.transaction_id, '') || '|' || strftime(events.event_at, '%Y-%m-%d %H:%M:%S') as conversion_key,
        cast(coalesce(events.revenue, invoice_revenue.revenue, 0) as double) as revenue,
        case
            when events.revenue is not null then 'event'
            when invoice_revenue.revenue is not null then 'invoice'
            else 'none'
        end as revenue_source
    from events
    -- An equality-only join (a hash join); the event's own revenue wins in the select above.
    left join invoice_revenue on invoice_revenue.invoice_id = events.transaction_id
    where is_kept(events.exclusion_reason) and events.event_name = 'purchase'
),

export_conversions as (
    select
        'touch_export' as origin,
        user_id,
        touched_at as converted_at,
        lpad(cast(row_number as varchar), 12, '0') as conversion_key,
        coalesce(conversion_value, 0) as revenue,
        case when conversion_value is null then 'none' else 'export' end as revenue_source
    from exported
    where is_kept(exclusion_reason) and converted
),

unioned as (
    select * from purchases
    union all
    select * from export_conversions
),

final as (
    select
        *,
        cast(row_number() over (partition by origin, user_id order by converted_at, conversion_key) as integer) as conversion_number,
        lag(converted_at) over (partition by origin, user_id order by converted_at, conversion_key) as previous_converted_at
    from unioned
)

select * from final
