// Predictive tiers by rank of predicted value: seeds/clv_predictive_tiers.csv gives each tier the
// cumulative share of customers it ends at (Top: the best 5%, ...). Ties are broken by customer id
// so a tier never depends on row order.

export interface TierDefinition {
  tier: string;
  topShare: number;
}

export const NOT_PREDICTED = "Not predicted";
/**
 * A customer whose net value is at or below zero (is_scored false: credit notes took back all they
 * bought) is not a buyer: its own group, as in RFM (seeds/rfm_segments.csv), never ranked in a tier.
 */
export const NO_NET_VALUE = "No net value";

export function assignTiers<T extends { customer_id: string; predicted_value: number | null; is_scored?: boolean | null }>(rows: T[], tiers: TierDefinition[]): Map<string, string> {
  const sorted = [...tiers].sort((p, q) => p.topShare - q.topShare);
  if (!sorted.length || sorted[sorted.length - 1].topShare !== 1) {
    throw new Error("seeds/clv_predictive_tiers.csv: the last tier's top_share must be 1 so that every customer has a tier");
  }
  const ranked = rows.filter((r) => r.predicted_value !== null && r.is_scored !== false)
    .sort((p, q) => q.predicted_value! - p.predicted_value! || (p.customer_id < q.customer_id ? -1 : p.customer_id > q.customer_id ? 1 : 0));
  const result = new Map<string, string>();
  ranked.forEach((row, i) => {
    const share = (i + 1) / ranked.length;
    result.set(row.customer_id, sorted.find((t) => share <= t.topShare + 1e-12)!.tier);
  });
  for (const row of rows) if (row.is_scored === false) result.set(row.customer_id, NO_NET_VALUE);
  else if (row.predicted_value === null) result.set(row.customer_id, NOT_PREDICTED);
  return result;
}
