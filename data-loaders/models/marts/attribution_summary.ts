// The attribution page's headline row: settings, what went in (sessions, Other sessions, export
// rows and the rows left out), what the lookback window kept and left out, conversions by kind
// and where their revenue came from. Nothing is dropped without being counted here.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { attributionSettings, attributionVars } from "../../lib/attribution/settings.ts";
import { windowedTouchesSql } from "../../../src/components/attribution-sql.js";
import { MARKOV_EXPLANATION } from "../../lib/attribution/markov.ts";
import { shapleyExplanation, DEFAULT_MAX_EXACT_CHANNELS } from "../../lib/attribution/shapley.ts";

const text = (value: string) => `'${value.replaceAll("'", "''")}'`;

const model: TsModel = {
  description: "One row: attribution settings, inputs and exclusions, touches inside and outside the lookback windows, conversions by kind and revenue sources, spend coverage.",
  // The shared SQL module is hashed too, so an edit to it rebuilds this model.
  files: ["src/components/attribution-sql.js"],
  dependsOn: ["int_web_sessions", "int_attribution_touches", "int_attribution_conversions", "int_attribution_journey_touches", "attribution_journeys", "stg_attribution__touches", "stg_attribution__paths", "marketing_spend", "attribution_position_shares"],
  vars: [...attributionVars, "currency"],
  columns: {
    lookback_days: "DOUBLE",
    half_life_days: "DOUBLE",
    max_lookback_days: "INTEGER",
    position_first: "DOUBLE",
    position_middle: "DOUBLE",
    position_last: "DOUBLE",
    currency: "VARCHAR",
    sessions: "BIGINT",
    sessions_other: "BIGINT",
    export_touch_rows: "BIGINT",
    export_touch_rows_excluded: "BIGINT",
    export_path_rows: "BIGINT",
    export_path_rows_excluded: "BIGINT",
    touches: "BIGINT",
    touches_in_windows: "BIGINT",
    touches_outside_windows: "BIGINT",
    conversions: "DOUBLE",
    conversions_first: "DOUBLE",
    conversions_repeat: "DOUBLE",
    conversions_unknown: "DOUBLE",
    non_conversions: "DOUBLE",
    revenue: "DOUBLE",
    conversions_revenue_from_invoice: "BIGINT",
    conversions_without_revenue: "BIGINT",
    channels: "INTEGER",
    first_conversion_at: "TIMESTAMP",
    last_conversion_at: "TIMESTAMP",
    spend_rows: "BIGINT",
    spend_rows_outside_conversion_months: "BIGINT",
    markov_explanation: "VARCHAR",
    shapley_explanation: "VARCHAR",
  },
  sql({ vars }) {
    const { lookbackDays, halfLifeDays, maxLookbackDays } = attributionSettings(vars);
    const currency = String(vars.currency ?? "GBP").replaceAll("'", "''");
    return `
with windowed as (${windowedTouchesSql({ touches: "int_attribution_journey_touches", lookbackDays })}),
conversion_months as (
    select date_trunc('month', min(converted_at)) as first_month, date_trunc('month', max(converted_at)) as last_month
    from int_attribution_conversions
)
select
    ${lookbackDays} as lookback_days,
    ${halfLifeDays} as half_life_days,
    ${maxLookbackDays} as max_lookback_days,
    (select share from attribution_position_shares where position = 'first') as position_first,
    (select share from attribution_position_shares where position = 'middle') as position_middle,
    (select share from attribution_position_shares where position = 'last') as position_last,
    '${currency}' as currency,
    (select count(*) from int_web_sessions) as sessions,
    (select count(*) from int_web_sessions where channel = 'Other') as sessions_other,
    (select count(*) from stg_attribution__touches) as export_touch_rows,
    (select count(*) from stg_attribution__touches where not is_kept(exclusion_reason)) as export_touch_rows_excluded,
    (select count(*) from stg_attribution__paths) as export_path_rows,
    (select count(*) from stg_attribution__paths where not is_kept(exclusion_reason)) as export_path_rows_excluded,
    (select count(*) from int_attribution_touches) as touches,
    (select count(distinct touch_key) from windowed) as touches_in_windows,
    (select count(*) from int_attribution_touches) - (select count(distinct touch_key) from windowed) as touches_outside_windows,
    (select coalesce(sum(conversions), 0) from attribution_journeys) as conversions,
    (select coalesce(sum(conversions), 0) from attribution_journeys where conversion_kind = 'first') as conversions_first,
    (select coalesce(sum(conversions), 0) from attribution_journeys where conversion_kind = 'repeat') as conversions_repeat,
    (select coalesce(sum(conversions), 0) from attribution_journeys where conversion_kind = 'unknown') as conversions_unknown,
    (select coalesce(sum(non_conversions), 0) from attribution_journeys) as non_conversions,
    (select coalesce(exact_revenue_total(revenue), 0) from attribution_journeys) as revenue,
    (select count(*) from int_attribution_conversions where revenue_source = 'invoice') as conversions_revenue_from_invoice,
    (select count(*) from int_attribution_conversions where revenue_source = 'none') as conversions_without_revenue,
    (select count(distinct channel) from windowed) as channels,
    (select min(converted_at) from int_attribution_conversions) as first_conversion_at,
    (select max(converted_at) from int_attribution_conversions) as last_conversion_at,
    (select count(*) from marketing_spend) as spend_rows,
    (select count(*) from marketing_spend, conversion_months
        where month < first_month or month > last_month or first_month is null) as spend_rows_outside_conversion_months,
    -- The data-driven models' own plain-language explanations (lib/attribution), quoted by the page.
    ${text(MARKOV_EXPLANATION)} as markov_explanation,
    ${text(shapleyExplanation({ maxExactChannels: DEFAULT_MAX_EXACT_CHANNELS }))} as shapley_explanation`;
  },
};

export default model;
