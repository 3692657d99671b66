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
        -- Summed as exact decimals (as the heuristic credits are): a sum of doubles depends on the
        -- order DuckDB's threads add them in, which a large store's sixth decimal can show.
        cast(round(sum(cast(revenue as decimal(38, 16))), 6) as double) as revenue
    from journeys
    where channel_path is not null
    group by conversion_kind, channel_path
)

select * from final
