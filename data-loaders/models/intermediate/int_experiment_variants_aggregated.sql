-- Sufficient statistics per experiment, variant and metric over the analysed users (outcome known,
-- window over): users, successes for a rate, and the exact sum and sum of squares of the per-user
-- values (DECIMAL arithmetic: floating-point sums would change in the last digits with the order
-- threads add them in, and the marts must be byte-identical). Revenue and return visits exist only
-- where outcomes come from events.
with users as (select * from int_experiment_users_measured),

analysed as (
    select
        *,
        cast(cast(converted as integer) as decimal(18, 4)) as converted_value,
        cast(cast(returned as integer) as decimal(18, 4)) as returned_value
    from users
    where outcome_source is not null and window_complete
),

conversion as (
    select
        experiment_id,
        variant,
        'conversion' as metric,
        'proportion' as metric_kind,
        count(*) as users,
        count(*) filter (where converted) as successes,
        sum(converted_value) as value_sum,
        sum(converted_value * converted_value) as value_sum_of_squares
    from analysed
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
        sum(revenue * revenue) as value_sum_of_squares
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
        sum(returned_value * returned_value) as value_sum_of_squares
    from analysed
    where outcome_source = 'events'
    group by all
),

final as (
    select * from conversion
    union all
    select * from revenue
    union all
    select * from return_visit
)

select * from final
