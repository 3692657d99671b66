-- Sufficient statistics per experiment, variant and metric over the analysed users (outcome known,
-- window over): users, successes for a rate, mean and sample variance for a mean. Revenue and
-- return visits exist only where outcomes come from events.
with users as (select * from int_experiment_users_measured),

analysed as (
    select *
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
        avg(cast(converted as integer)) as mean,
        var_samp(cast(converted as integer)) as variance
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
        avg(cast(revenue as double)) as mean,
        var_samp(cast(revenue as double)) as variance
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
        avg(cast(returned as integer)) as mean,
        var_samp(cast(returned as integer)) as variance
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
