-- Sufficient statistics per experiment, variant and metric over the analysed users (outcome known,
-- window over): users, successes for a rate, and the exact sum and sum of squares of the per-user
-- values (DECIMAL arithmetic: floating-point sums would change in the last digits with the order
-- threads add them in, and the marts must be byte-identical). Revenue and return visits exist only
-- where outcomes come from events.
with users as (select * from int_experiment_users_measured),

outcome_metrics as (select * from src_experiment_metrics),

analysed as (
    select
        *,
        cast(cast(converted as integer) as decimal(18, 4)) as converted_value,
        cast(cast(returned as integer) as decimal(18, 4)) as returned_value
    from users
    where outcome_source is not null and window_complete
),

conversion as (
    -- A flat export that lists outcome columns but has no converted column has no conversion.
    select
        experiment_id,
        variant,
        'conversion' as metric,
        'proportion' as metric_kind,
        count(*) as users,
        count(*) filter (where converted) as successes,
        sum(converted_value) as value_sum,
        sum(exact_product(converted_value, converted_value)) as value_sum_of_squares
    from analysed
    where converted is not null
    group by all
),

revenue as (
    select
        experiment_id,
        variant,
        'revenue_per_user' as metric,
        'mean' as metric_kind,
        count(*) as users,
        cast(null as bigint) as successes,
        sum(revenue) as value_sum,
        sum(exact_product(revenue, revenue)) as value_sum_of_squares
    from analysed
    where outcome_source = 'events'
    group by all
),

return_visit as (
    select
        experiment_id,
        variant,
        'return_visit' as metric,
        'proportion' as metric_kind,
        count(*) as users,
        count(*) filter (where returned) as successes,
        sum(returned_value) as value_sum,
        sum(exact_product(returned_value, returned_value)) as value_sum_of_squares
    from analysed
    where outcome_source = 'events'
    group by all
),

outcome_values as (
    -- One row per user and outcome the export lists (the config's outcomes); a user whose value
    -- is empty for a metric is not one of that metric's users (the metric table counts its users).
    select
        analysed.experiment_id,
        analysed.variant,
        outcome_metrics.metric,
        outcome_metrics.kind as metric_kind,
        cast(analysed.outcomes[outcome_metrics.metric] as decimal(18, 4)) as value
    from analysed
    cross join outcome_metrics
    where analysed.outcomes is not null
),

outcome as (
    select
        experiment_id,
        variant,
        metric,
        metric_kind,
        count(*) as users,
        case when metric_kind = 'proportion' then count(*) filter (where value = 1) end as successes,
        sum(value) as value_sum,
        sum(exact_product(value, value)) as value_sum_of_squares
    from outcome_values
    where value is not null
    group by experiment_id, variant, metric, metric_kind
),

final as (
    select * from conversion
    union all
    select * from revenue
    union all
    select * from return_visit
    union all
    select * from outcome
)

select * from final
