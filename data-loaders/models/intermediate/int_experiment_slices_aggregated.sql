-- Sufficient statistics per experiment, breakdown dimension, slice, variant and metric over the
-- analysed users of each slice (the same exact DECIMAL sums as int_experiment_variants_aggregated),
-- for the per-slice comparisons of the breakdowns.
with users as not materialized (select * from int_experiment_users_sliced),

sliced as (
    select experiment_id, variant, 'device' as dimension, device as slice, converted, revenue, returned
    from users where analysed
    union all
    select experiment_id, variant, 'country' as dimension, country as slice, converted, revenue, returned
    from users where analysed
    union all
    select experiment_id, variant, 'channel' as dimension, channel as slice, converted, revenue, returned
    from users where analysed
),

valued as (
    select
        *,
        cast(cast(converted as integer) as decimal(18, 4)) as converted_value,
        cast(cast(returned as integer) as decimal(18, 4)) as returned_value
    from sliced
),

metrics as (
    select experiment_id, dimension, slice, variant, 'conversion' as metric, 'proportion' as metric_kind,
        count(*) as users, count(*) filter (where converted) as successes,
        sum(converted_value) as value_sum, sum(exact_product(converted_value, converted_value)) as value_sum_of_squares
    from valued group by all
    union all
    select experiment_id, dimension, slice, variant, 'revenue_per_user' as metric, 'mean' as metric_kind,
        count(*) as users, cast(null as bigint) as successes,
        sum(revenue) as value_sum, sum(exact_product(revenue, revenue)) as value_sum_of_squares
    from valued group by all
    union all
    select experiment_id, dimension, slice, variant, 'return_visit' as metric, 'proportion' as metric_kind,
        count(*) as users, count(*) filter (where returned) as successes,
        sum(returned_value) as value_sum, sum(exact_product(returned_value, returned_value)) as value_sum_of_squares
    from valued group by all
),

final as (
    select * from metrics
)

select * from final
