// The one definition of how a customer is scored, for today's segments and for the segments as
// of each past period end (int_segment_history_scored). Every function takes a relation of
// customers valued at a snapshot - one row per customer_id and snapshot_date, with recency_days,
// frequency, monetary, is_scored, tenure_days and mean_days_between_orders - and ranks, cuts and
// classifies within each snapshot_date, so one snapshot (today) and many (history) run the same SQL.

export type RfmScoring = "quintiles" | "thresholds";

/**
 * Quintile scores (5 = best), or fixed bounds when asked, and the RFM segment. Ties are broken by the other measures and
 * finally by customer_id, so a score never depends on row order. The segment comes from
 * seeds/rfm_segment_map.csv (one for each of the 125 score cells). Only buyers are scored
 * (is_scored): the rest get no scores and the segment 'No net value' (seeds/rfm_segments.csv).
 */
export function rfmScoredSql(valued: string, scoring: RfmScoring = "quintiles"): string {
  // Fixed bounds (vars.rfm_scoring = thresholds): the score of the interval of
  // seeds/rfm_score_thresholds.csv the value falls in, the same for every snapshot.
  const fixed = (measure: string, value: string) => `(select t.score from rfm_score_thresholds as t
            where t.measure = '${measure}' and ${value} >= t.lower_bound and (t.upper_bound is null or ${value} < t.upper_bound))`;
  const scores =
    scoring === "thresholds"
      ? `${fixed("recency", "rfm.recency_days")} as r_score,
        ${fixed("frequency", "rfm.frequency")} as f_score,
        ${fixed("monetary", "rfm.monetary")} as m_score`
      : `cast(ntile(5) over (partition by snapshot_date order by recency_days desc, frequency, monetary, customer_id) as integer) as r_score,
        cast(ntile(5) over (partition by snapshot_date order by frequency, monetary, recency_days desc, customer_id) as integer) as f_score,
        cast(ntile(5) over (partition by snapshot_date order by monetary, frequency, recency_days desc, customer_id) as integer) as m_score`;
  return `
with rfm as (select * from ${valued}),
scored as (
    select
        rfm.*,
        ${scores}
    from rfm
    where is_scored
),
unscored as (
    select *, cast(null as integer) as r_score, cast(null as integer) as f_score, cast(null as integer) as m_score
    from rfm
    where not is_scored
),
all_customers as (
    select * from scored
    union all by name
    select * from unscored
)
select
    all_customers.*,
    -- FM is the rounded-up mean of F and M: frequency and spend move together for most customers.
    cast(ceil((all_customers.f_score + all_customers.m_score) / 2) as integer) as fm_score,
    case when all_customers.is_scored
        then concat(all_customers.r_score, all_customers.f_score, all_customers.m_score)
    end as rfm_cell,
    rfm_segments.segment,
    rfm_segments.recommended_action
from all_customers
left join rfm_segment_map
    on all_customers.r_score = rfm_segment_map.r_score
    and all_customers.f_score = rfm_segment_map.f_score
    and all_customers.m_score = rfm_segment_map.m_score
left join rfm_segments
    on rfm_segments.segment = case when all_customers.is_scored then rfm_segment_map.segment else 'No net value' end`;
}

/**
 * Churn flag and risk group. A customer is churned when their last purchase is older than the
 * churn window (vars.churn_window_days); below it, the risk group is the first in
 * seeds/churn_risk_groups.csv whose max_recency_days covers the recency, and the highest group
 * for the rest of the window.
 */
export function churnFlaggedSql(valued: string): string {
  return `
with rfm as (select * from ${valued}),
settings as (
    select cast(getvariable('churn_window_days') as integer) as churn_window_days
),
highest_group as (
    select risk_group, churn_status from churn_risk_groups order by max_recency_days desc limit 1
),
matched as (
    select
        rfm.customer_id,
        rfm.snapshot_date,
        rfm.recency_days,
        rfm.mean_days_between_orders,
        churn_risk_groups.risk_group,
        churn_risk_groups.churn_status
    from rfm
    asof left join churn_risk_groups
        on rfm.recency_days <= churn_risk_groups.max_recency_days
)
select
    matched.customer_id,
    matched.snapshot_date,
    settings.churn_window_days,
    matched.recency_days > settings.churn_window_days as is_churned,
    case
        when matched.recency_days > settings.churn_window_days then 'Churned'
        else coalesce(matched.risk_group, highest_group.risk_group)
    end as churn_risk_group,
    case
        when matched.recency_days > settings.churn_window_days then 'Churned'
        else coalesce(matched.churn_status, highest_group.churn_status)
    end as churn_status,
    -- How late the customer is against their own rhythm (null with a single order).
    matched.recency_days - matched.mean_days_between_orders as days_overdue
from matched
cross join settings
cross join highest_group`;
}

/**
 * Average order value and historical lifetime value:
 *   CLTV revenue = AOV x annual purchase frequency x expected lifespan (years)
 *   CLTV profit  = CLTV revenue x gross margin
 * with constants from seeds/business_constants.csv. A customer not scored as a buyer has no
 * AOV or CLTV: a rate built on a value at or below zero would rank them, not describe them.
 */
export function valueEstimatedSql(valued: string): string {
  return `
with rfm as (select * from ${valued}),
constants as (
    select
        max(value) filter (where name = 'gross_margin') as gross_margin,
        max(value) filter (where name = 'expected_lifespan_years') as expected_lifespan_years,
        max(value) filter (where name = 'min_observation_days') as min_observation_days
    from business_constants
),
rates as (
    select
        rfm.customer_id,
        rfm.snapshot_date,
        case when rfm.is_scored then rfm.monetary / rfm.frequency end as aov,
        -- A short history would turn one order into an enormous yearly rate, hence the floor.
        case when rfm.is_scored then rfm.frequency end / (greatest(rfm.tenure_days, constants.min_observation_days) / 365.25) as annual_purchase_frequency,
        constants.expected_lifespan_years,
        constants.gross_margin
    from rfm
    cross join constants
)
select
    customer_id,
    snapshot_date,
    aov,
    annual_purchase_frequency,
    aov * annual_purchase_frequency * expected_lifespan_years as cltv_revenue,
    aov * annual_purchase_frequency * expected_lifespan_years * gross_margin as cltv_profit
from rates`;
}

/**
 * Low / Medium / High lifetime-value tiers cut at the 33rd and 66th percentiles of CLTV profit
 * over the customers scored as buyers at the same snapshot; the rest are in 'No net value'.
 */
export function valueTieredSql(estimated: string): string {
  return `
with estimated as (select * from ${estimated}),
thresholds as (
    select
        snapshot_date,
        quantile_cont(cltv_profit, 0.33) as p33,
        quantile_cont(cltv_profit, 0.66) as p66
    from estimated
    group by snapshot_date
)
select
    estimated.*,
    case
        when estimated.cltv_profit is null then 'No net value'
        when estimated.cltv_profit < thresholds.p33 then 'Low'
        when estimated.cltv_profit < thresholds.p66 then 'Medium'
        else 'High'
    end as cltv_tier,
    thresholds.p33 as cltv_p33,
    thresholds.p66 as cltv_p66
from estimated
left join thresholds on thresholds.snapshot_date is not distinct from estimated.snapshot_date`;
}
