-- One row per kept assignment with its outcomes. converted: the export's own outcome when it has
-- one, else a purchase event in [assigned_at, assigned_at + window); revenue: purchases in that
-- window; returned: any event from one day after assignment to the end of the window. A user whose
-- window had not ended when the events stop is marked and left out of the comparisons: counting
-- them as non-converters would understate the rate of whichever arm got more late users.
with assignments as (select * from stg_experiments__assignments),

events as (select * from stg_web__events),

settings as (
    -- 30 days when the config sets no window.
    select cast(getvariable('experiment_conversion_window_days') as integer) as window_days
),

kept as (
    select
        assignments.experiment_id,
        assignments.user_id,
        assignments.variant,
        assignments.assigned_at,
        assignments.converted as converted_in_export,
        -- The export's own outcome columns (the config's outcomes list), metric name -> value.
        assignments.outcomes as outcomes_in_export,
        assignments.assigned_at + to_days(settings.window_days) as window_end
    from assignments
    cross join settings
    where is_kept(assignments.exclusion_reason)
),

usable_events as not materialized (
    select user_id, event_name, event_at, revenue
    from events
    where is_kept(exclusion_reason)
),

coverage as (
    select count(*) as events, max(event_at) as events_end
    from usable_events
),

purchases as (
    select
        kept.experiment_id,
        kept.user_id,
        count(*) as purchases,
        -- DECIMAL(18, 4), not sum()'s DECIMAL(38, 4): 128-bit columns read back slowly (int_product_lines_matched).
        cast(sum(usable_events.revenue) as decimal(18, 4)) as revenue
    from kept
    inner join usable_events
        on usable_events.user_id = kept.user_id
        and usable_events.event_name = 'purchase'
        and usable_events.event_at >= kept.assigned_at
        and usable_events.event_at < kept.window_end
    group by all
),

returns as (
    select distinct kept.experiment_id, kept.user_id
    from kept
    inner join usable_events
        on usable_events.user_id = kept.user_id
        and usable_events.event_at >= kept.assigned_at + interval 1 day
        and usable_events.event_at < kept.window_end
),

final as (
    select
        kept.experiment_id,
        kept.user_id,
        kept.variant,
        kept.assigned_at,
        cast(kept.assigned_at as date) as assigned_date,
        case
            when kept.converted_in_export is not null or kept.outcomes_in_export is not null then 'export'
            when coverage.events > 0 then 'events'
        end as outcome_source,
        case
            when kept.converted_in_export is not null or kept.outcomes_in_export is not null then true
            when coverage.events > 0 then kept.window_end <= coverage.events_end
        end as window_complete,
        case
            when kept.converted_in_export is not null or kept.outcomes_in_export is not null then kept.converted_in_export
            when coverage.events > 0 then purchases.purchases is not null
        end as converted,
        case when kept.converted_in_export is null and kept.outcomes_in_export is null and coverage.events > 0 then coalesce(purchases.revenue, 0) end as revenue,
        case when kept.converted_in_export is null and kept.outcomes_in_export is null and coverage.events > 0 then returns.user_id is not null end as returned,
        kept.outcomes_in_export as outcomes
    from kept
    cross join coverage
    left join purchases
        on kept.experiment_id = purchases.experiment_id and kept.user_id = purchases.user_id
    left join returns
        on kept.experiment_id = returns.experiment_id and kept.user_id = returns.user_id
)

select * from final
