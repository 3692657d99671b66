-- Every model's credit to every channel, per conversion kind (all, first, repeat): conversions,
-- revenue, their shares of the kind's totals, and with seeds/marketing_spend.csv the cost per
-- conversion and return on ad spend. A channel a model gives nothing gets an explicit zero, so
-- the models sit side by side on the same channels.
with heuristic as (select * from int_attribution_heuristic_credits),
markov as (select * from int_attribution_markov_credits),
shapley as (select * from int_attribution_shapley_credits),
journeys as not materialized (select * from attribution_journeys),
conversions as (select * from int_attribution_conversions),
marketing_spend as not materialized (select * from marketing_spend),

models (model, model_order, model_family) as (
    values
        ('first_touch', 1, 'heuristic'),
        ('last_touch', 2, 'heuristic'),
        ('last_non_direct', 3, 'heuristic'),
        ('linear', 4, 'heuristic'),
        ('time_decay', 5, 'heuristic'),
        ('position_based', 6, 'heuristic'),
        ('markov', 7, 'data_driven'),
        ('shapley', 8, 'data_driven')
),

credits as (
    select model, conversion_kind, channel, conversions, revenue from heuristic
    union all
    select model, conversion_kind, channel, conversions, revenue from markov
    union all
    select model, conversion_kind, channel, conversions, revenue from shapley
),

totals as (
    select conversion_kind, sum(conversions) as total_conversions, sum(revenue) as total_revenue
    from journeys
    group by conversion_kind
    union all
    select 'all', sum(conversions), sum(revenue) from journeys
),

grid as (
    select distinct model_kinds.model, model_kinds.conversion_kind, kind_channels.channel
    from (select distinct model, conversion_kind from credits) as model_kinds
    inner join (select distinct conversion_kind, channel from credits) as kind_channels
        on model_kinds.conversion_kind = kind_channels.conversion_kind
),

-- Spend counts over the calendar months conversions were observed in.
spend_months as (
    select
        cast(date_trunc('month', min(converted_at)) as date) as first_month,
        cast(date_trunc('month', max(converted_at)) as date) as last_month
    from conversions
),

channel_spend as (
    select marketing_spend.channel, sum(marketing_spend.spend) as spend
    from marketing_spend
    cross join spend_months
    where marketing_spend.month between spend_months.first_month and spend_months.last_month
    group by marketing_spend.channel
),

final as (
    select
        grid.model,
        models.model_order,
        models.model_family,
        grid.conversion_kind,
        grid.channel,
        coalesce(credits.conversions, 0) as conversions,
        coalesce(credits.revenue, 0) as revenue,
        round(coalesce(credits.conversions, 0) / nullif(totals.total_conversions, 0), 9) as conversion_share,
        round(coalesce(credits.revenue, 0) / nullif(totals.total_revenue, 0), 9) as revenue_share,
        channel_spend.spend,
        round(channel_spend.spend / nullif(credits.conversions, 0), 6) as cost_per_conversion,
        round(coalesce(credits.revenue, 0) / nullif(channel_spend.spend, 0), 6) as return_on_ad_spend
    from grid
    inner join models on grid.model = models.model
    inner join totals on grid.conversion_kind = totals.conversion_kind
    left join credits
        on grid.model = credits.model and grid.conversion_kind = credits.conversion_kind and grid.channel = credits.channel
    left join channel_spend on grid.channel = channel_spend.channel
)

select * from final
