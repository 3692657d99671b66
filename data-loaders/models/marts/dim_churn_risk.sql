-- Star schema dimension: churn risk groups from the seed, plus Churned beyond the churn window.
with risk_groups as not materialized (select * from churn_risk_groups),

settings as (
    select cast(getvariable('churn_window_days') as integer) as churn_window_days
),

final as (
    select risk_group as churn_risk_group, churn_status, max_recency_days, display_order, description
    from risk_groups
    union all
    select
        'Churned',
        'Churned',
        null,
        (select max(display_order) + 1 from risk_groups),
        concat('No purchase for more than ', churn_window_days, ' days (the churn window)')
    from settings
)

select * from final
