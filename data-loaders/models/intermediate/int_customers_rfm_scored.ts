// Quintile scores (5 = best) and the RFM segment of each customer, as of today's snapshot. The
// scoring is data-loaders/lib/segments/scoring-sql.ts, which the segments as of past dates
// (int_segment_history_scored) run too: one definition.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { rfmScoredSql, type RfmScoring } from "../../lib/segments/scoring-sql.ts";

const model: TsModel = {
  description: "Quintile RFM scores and segment per customer at the snapshot date.",
  dependsOn: ["int_customers_rfm_valued", "rfm_segment_map", "rfm_segments", "rfm_score_thresholds"],
  vars: ["rfm_scoring"],
  columns: {
    customer_id: "VARCHAR", first_purchase_at: "TIMESTAMP", last_purchase_at: "TIMESTAMP", snapshot_date: "DATE",
    recency_days: "BIGINT", frequency: "BIGINT", monetary: "DECIMAL(38,4)", gross_monetary: "DECIMAL(38,4)",
    matched_credit_value: "DECIMAL(38,4)", cancelled_orders: "BIGINT", value_basis: "VARCHAR", is_scored: "BOOLEAN",
    units: "HUGEINT", tenure_days: "BIGINT", mean_days_between_orders: "DOUBLE",
    r_score: "INTEGER", f_score: "INTEGER", m_score: "INTEGER", fm_score: "INTEGER", rfm_cell: "VARCHAR",
    segment: "VARCHAR", recommended_action: "VARCHAR",
  },
  sql: ({ vars }) => rfmScoredSql("int_customers_rfm_valued", vars.rfm_scoring as RfmScoring),
};

export default model;
