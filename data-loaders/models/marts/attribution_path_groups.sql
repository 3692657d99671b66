-- One row per conversion kind and distinct channel path (in the lookback window): how many
-- journeys took it, how many converted and did not, and their revenue. The input of the Markov
-- and Shapley models, and the page's list of paths.
with journeys as (select * from attribution_journeys),

final as (
    select
        conversion_kind,
        channel_path,
        max(touches) as touches,
        count(*) as journeys,
        sum(conversions) as conversions,
        sum(non_conversions) as non_conversions,
        exact_revenue_total(revenue) as revenue
    from journeys
    where channel_path is not null
    group by conversion_kind, channel_path
)

select * from final
