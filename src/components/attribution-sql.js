// The heuristic attribution models as SQL, in one place: the build (the TypeScript models
// int_attribution_heuristic_credits and attribution_journeys) and the attribution page (DuckDB in
// the browser, when the reader changes the lookback window or the half-life) both run these
// strings, so the page's recomputation is the build's definition, not a copy of it.
//
// Inputs, as tables (or views) named by the caller:
//   journeys: journey_id, conversion_kind (first | repeat | unknown), conversions, revenue
//   touches:  journey_id, touch_number (time order, ties already broken), channel, days_before
//             (days from the touch to the journey's end; null when the source has no times)
// Plain ES module: no browser or Node globals.

export const heuristicModels = ["first_touch", "last_touch", "last_non_direct", "linear", "time_decay", "position_based"];

export const modelLabels = {
  first_touch: "First touch",
  last_touch: "Last touch",
  last_non_direct: "Last non-direct",
  linear: "Linear",
  time_decay: "Time decay",
  position_based: "Position-based",
  markov: "Markov chain",
  shapley: "Shapley value",
};

/** The channel last non-direct skips while the path has any other channel. */
export const directChannel = "Direct";

function positiveNumber(name, value) {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`${name} must be a positive number, got ${value}`);
  return number;
}

function shareNumber(name, value) {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new Error(`${name} must be between 0 and 1, got ${value}`);
  return number;
}

const identifier = (name) => `"${String(name).replaceAll('"', '""')}"`;
const text = (value) => `'${String(value).replaceAll("'", "''")}'`;

/**
 * The touches inside the lookback window: those at most `lookbackDays` before the journey's end,
 * and always the journey's last touch (the session the conversion happened in), so that no
 * conversion is left without a touch. Untimed touches (path exports) are all kept. Adds
 * `position` (1 = first, renumbered after the window) and `touches` (the path's length).
 */
export function windowedTouchesSql({ touches = "touches", lookbackDays }) {
  const lookback = positiveNumber("lookbackDays", lookbackDays);
  // Touches are numbered in time order, so days_before never rises with touch_number and the
  // touches kept are the journey's last ones, from first_kept on: positions follow by
  // subtraction, with one hash aggregate instead of sorting every journey twice.
  return `
with bounds as (
    select
        journey_id,
        max(touch_number) as last_touch_number,
        min(touch_number) filter (where days_before is null or days_before <= ${lookback}) as first_in_window
    from ${identifier(touches)}
    group by journey_id
),
kept_bounds as (
    select journey_id, last_touch_number, coalesce(first_in_window, last_touch_number) as first_kept
    from bounds
)
select
    t.*,
    cast(t.touch_number - b.first_kept + 1 as integer) as position,
    cast(b.last_touch_number - b.first_kept + 1 as integer) as touches
from ${identifier(touches)} as t
inner join kept_bounds as b on t.journey_id = b.journey_id and t.touch_number >= b.first_kept`;
}

/**
 * Each heuristic model's credit to every channel, per conversion kind (first, repeat, and "all"
 * for every converting journey), as conversions and revenue. Within a journey the weights of a
 * model add to 1, so each model's credits add up to the conversions and revenue of its journeys.
 *   first / last touch: the whole conversion to the first / last touch in the window.
 *   last non-direct: to the last touch whose channel is not Direct; a Direct-only path stays Direct.
 *   linear: equal shares.  time decay: weight 2^(-days_before / halfLifeDays), normalised.
 *   position-based: first and last `shares.first` / `shares.last`, `shares.middle` split over the
 *   touches between; one touch gets all, two touches split in proportion first : last.
 * Credits are summed as exact decimals and rounded (conversions to 1e-9, revenue to 1e-6), so
 * the order in which DuckDB adds them cannot change a digit.
 */
export function heuristicCreditsSql({ journeys = "journeys", touches = "touches", lookbackDays, halfLifeDays, shares }) {
  const halfLife = positiveNumber("halfLifeDays", halfLifeDays);
  const first = shareNumber("shares.first", shares?.first);
  const middle = shareNumber("shares.middle", shares?.middle);
  const last = shareNumber("shares.last", shares?.last);
  if (Math.abs(first + middle + last - 1) > 1e-9) throw new Error(`position shares must add up to 1, got ${first} + ${middle} + ${last}`);
  if (first + last <= 0) throw new Error("position shares: first and last cannot both be 0");
  // Only converting journeys earn credit, and every weight is computed within one journey, so the
  // touches of the others are left out before the windows (a fifth of the journeys convert on the
  // generated stores: 183,259 of 938,051 at 5M order lines). The CTEs read twice are materialized:
  // DuckDB-wasm 1.29, which runs this on the attribution page, would compute them again for each
  // read (default store: 117-127 ms against 222-250 ms); native DuckDB keeps them already.
  return `
with converting as materialized (
    select journey_id, conversion_kind, conversions, revenue
    from ${identifier(journeys)}
    where conversions > 0
),
converting_touches as materialized (
    select * from ${identifier(touches)} as t
    where t.journey_id in (select journey_id from converting)
),
windowed as (${windowedTouchesSql({ touches: "converting_touches", lookbackDays })}
),
flagged as (
    select
        *,
        max(case when channel <> ${text(directChannel)} then position end) over (partition by journey_id) as last_non_direct_position,
        pow(2.0, -coalesce(days_before, 0) / ${halfLife}) as decay
    from windowed
),
weighted as (
    select
        journey_id,
        channel,
        case when position = 1 then 1.0 else 0.0 end as first_touch,
        case when position = touches then 1.0 else 0.0 end as last_touch,
        case when position = coalesce(last_non_direct_position, touches) then 1.0 else 0.0 end as last_non_direct,
        1.0 / touches as linear,
        decay / sum(decay) over (partition by journey_id) as time_decay,
        case
            when touches = 1 then 1.0
            when touches = 2 then case when position = 1 then ${first / (first + last)} else ${last / (first + last)} end
            when position = 1 then ${first}
            when position = touches then ${last}
            else ${middle} / (touches - 2)
        end as position_based
    from flagged
),
long as (
    unpivot weighted on ${heuristicModels.join(", ")} into name model value weight
),
-- Conversions as exact decimals, so that their sums are exact and the same in any order: summed
-- as doubles, the order in which DuckDB's threads add them moved the ninth decimal of 15-17 of
-- the 156 sums from one build to the next at 5M order lines. Revenue is summed the same way, by
-- exact_revenue_total (src/components/sql-macros.js).
credited as materialized (
    select converting.conversion_kind, long.model, long.channel,
        cast(long.weight * converting.conversions as decimal(38, 18)) as conversions,
        long.weight * converting.revenue as revenue
    from long
    inner join converting on long.journey_id = converting.journey_id
    where long.weight <> 0
),
kinds as (
    select conversion_kind, model, channel, conversions, revenue from credited
    union all
    select 'all' as conversion_kind, model, channel, conversions, revenue from credited
)
select
    model,
    conversion_kind,
    channel,
    cast(round(sum(conversions), 9) as double) as conversions,
    exact_revenue_total(revenue) as revenue
from kinds
group by all
order by model, conversion_kind, channel`;
}

/**
 * One row per journey with its path inside the lookback window: the channels joined by " > ",
 * the number of touches and the days from the first of them to the journey's end.
 */
export function journeyPathsSql({ journeys = "journeys", touches = "touches", lookbackDays }) {
  return `
with windowed as (${windowedTouchesSql({ touches, lookbackDays })}
),
paths as (
    select
        journey_id,
        -- Each journey's touches listed unordered and the short list sorted by position (unique in
        -- a journey), not string_agg(... order by position), whose ordered aggregate DuckDB sorts
        -- group by group: at 1M order lines (198,114 journeys) 0.26-0.28 s against 0.47-0.50 s.
        array_to_string(list_transform(list_sort(list(struct_pack(p := position, c := channel))), x -> x.c), ' > ') as channel_path,
        max(touches) as touches,
        max(days_before) as days_to_end
    from windowed
    group by journey_id
)
select journeys.*, paths.channel_path, coalesce(paths.touches, 0) as touches, paths.days_to_end
from ${identifier(journeys)} as journeys
left join paths on journeys.journey_id = paths.journey_id
order by journeys.journey_id`;
}
