-- Per experiment, variant and metric: the exact sums CUPED needs over the analysed users, the
-- outcome y and its pre-period covariate x (the same metric in the pre-period just before
-- assignment: purchases, revenue, any visit in [assigned_at - pre_period, assigned_at), the
-- pre-period being experiment_cuped_pre_period_days, or the conversion window's length when that is
-- not set; a longer one catches more of the returning users' history when purchases are rare). Only
-- outcomes measured from events have a pre-period; a flat export has none and gets no rows here.
-- DECIMAL sums, so the marts are byte-identical whatever order threads add them in.
with users as (select * from int_experiment_users_measured),

events as (select * from stg_web__events),

settings as (
    select cast(coalesce(getvariable('experiment_cuped_pre_period_days'), getvariable('experiment_conversion_window_days')) as integer) as pre_period_days
),

analysed as (
    select users.*, users.assigned_at - to_days(settings.pre_period_days) as pre_start
    from users
    cross join settings
    where users.outcome_source = 'events' and users.window_complete
),

usable_events as (
    select user_id, event_name, event_at, revenue
    from events
    where is_kept(exclusion_reason)
),

pre_period as (
    select
        analysed.experiment_id,
        analysed.user_id,
        count(*) filter (where usable_events.event_name = 'purchase') as purchases,
        coalesce(sum(usable_events.revenue) filter (where usable_events.event_name = 'purchase'), 0) as revenue
    from analysed
    inner join usable_events
        on usable_events.user_id = analysed.user_id
        and usable_events.event_at >= analysed.pre_start
        and usable_events.event_at < analysed.assigned_at
    group by all
),

paired as (
    select
        analysed.experiment_id,
        analysed.variant,
        cast(cast(analysed.converted as integer) as decimal(18, 4)) as converted_y,
        cast(case when pre_period.purchases > 0 then 1 else 0 end as decimal(18, 4)) as converted_x,
        cast(analysed.revenue as decimal(18, 4)) as revenue_y,
        cast(coalesce(pre_period.revenue, 0) as decimal(18, 4)) as revenue_x,
        cast(cast(analysed.returned as integer) as decimal(18, 4)) as returned_y,
        cast(case when pre_period.user_id is not null then 1 else 0 end as decimal(18, 4)) as returned_x
    from analysed
    left join pre_period
        on analysed.experiment_id = pre_period.experiment_id and analysed.user_id = pre_period.user_id
),

metrics as (
    select experiment_id, variant, 'conversion' as metric, converted_y as y, converted_x as x from paired
    union all
    select experiment_id, variant, 'revenue_per_user' as metric, revenue_y as y, revenue_x as x from paired
    union all
    select experiment_id, variant, 'return_visit' as metric, returned_y as y, returned_x as x from paired
),

final as (
    select
        experiment_id,
        variant,
        metric,
        count(*) as users,
        sum(y) as y_sum,
        sum(exact_product(y, y)) as y_sum_of_squares,
        sum(x) as x_sum,
        sum(exact_product(x, x)) as x_sum_of_squares,
        sum(exact_product(x, y)) as xy_sum,
        count(*) filter (where x <> 0) as users_with_pre_period
    from metrics
    group by experiment_id, variant, metric
)

select * from final
