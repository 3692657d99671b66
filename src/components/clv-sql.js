// The predictive value page's drill-down over customer_clv_predictions (registered as
// `predictions` in DuckDB-wasm): the segments to pick from, and every customer of a tier and RFM
// segment ("All" for any), money rounded to cents and rates to four places for the CSV.

export const segmentChoicesSql = `SELECT DISTINCT coalesce(rfm_segment, '(none)') AS segment FROM predictions ORDER BY segment`;

/** The query and its parameters. */
export function customersByTierSql(tier, segment) {
  return [`SELECT customer_id, predictive_tier, rfm_segment, frequency, days_since_last_purchase, round(p_alive, 4) AS p_alive,
          round(expected_purchases_short, 3) AS expected_purchases_short, round(expected_purchases_medium, 3) AS expected_purchases_medium,
          round(expected_purchases_long, 3) AS expected_purchases_long, round(expected_spend, 2) AS expected_spend,
          round(predicted_value, 2) AS predicted_value, round(monetary, 2) AS monetary, round(gross_monetary, 2) AS gross_monetary,
          value_basis, round(historical_cltv, 2) AS historical_cltv
     FROM predictions
    WHERE (? = 'All' OR predictive_tier = ?) AND (? = 'All' OR coalesce(rfm_segment, '(none)') = ?)
    ORDER BY predicted_value DESC NULLS LAST, customer_id`, [tier, tier, segment, segment]];
}
