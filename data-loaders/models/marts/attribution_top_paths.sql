-- The converting paths the attribution page lists, per conversion kind (all, first, repeat,
-- unknown): the 50 with the most conversions, and for each channel the 20 with the most
-- conversions among the paths that contain it (the page's "paths of a channel"). Small on
-- purpose: the page's first view reads it as JSON. Every path is in attribution_path_groups.
with groups as not materialized (select * from attribution_path_groups),

kinds as (
    select conversion_kind, channel_path, touches, journeys, conversions, non_conversions, revenue from groups
    union all
    select 'all', channel_path, max(touches), sum(journeys), sum(conversions), sum(non_conversions), sum(revenue)
    from groups
    group by channel_path
),

ranked as (
    select
        *,
        cast(row_number() over (partition by conversion_kind order by conversions desc, channel_path) as integer) as path_rank
    from kinds
    where conversions > 0
),

by_channel as (
    select distinct
        ranked.conversion_kind,
        ranked.channel_path,
        unnest(list_distinct(string_split(ranked.channel_path, ' > '))) as channel
    from ranked
),

channel_ranked as (
    select
        by_channel.conversion_kind,
        by_channel.channel_path,
        row_number() over (partition by by_channel.conversion_kind, by_channel.channel order by ranked.conversions desc, ranked.channel_path) as rank_in_channel
    from by_channel
    inner join ranked on by_channel.conversion_kind = ranked.conversion_kind and by_channel.channel_path = ranked.channel_path
),

kept as (
    select distinct conversion_kind, channel_path from channel_ranked where rank_in_channel <= 20
    union
    select conversion_kind, channel_path from ranked where path_rank <= 50
),

final as (
    select
        ranked.conversion_kind,
        ranked.path_rank,
        ranked.channel_path,
        ranked.touches,
        ranked.journeys,
        ranked.conversions,
        ranked.non_conversions,
        round(ranked.conversions / nullif(ranked.conversions + ranked.non_conversions, 0), 9) as conversion_rate,
        round(ranked.revenue, 6) as revenue
    from ranked
    inner join kept on ranked.conversion_kind = kept.conversion_kind and ranked.channel_path = kept.channel_path
)

select * from final
