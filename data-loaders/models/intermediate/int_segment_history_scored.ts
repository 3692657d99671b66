// RFM scores and segment, churn status and value tier of every customer as of each snapshot of
// int_segment_history_periods: the rules of today's segments (data-loaders/lib/segments/scoring-sql.ts),
// ranked and cut within each snapshot, in one pass over all of them.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { churnFlaggedSql, rfmScoredSql, valueEstimatedSql, valueTieredSql, type RfmScoring } from "../../lib/segments/scoring-sql.ts";

const valued = "int_segment_history_valued";

const model: TsModel = {
  description: "RFM segment, churn status and CLTV tier per customer as of each history snapshot.",
  dependsOn: [valued, "rfm_segment_map", "rfm_segments", "rfm_score_thresholds", "churn_risk_groups", "business_constants"],
  vars: ["churn_window_days", "rfm_scoring"],
  columns: {
    customer_id: "VARCHAR", snapshot_date: "DATE", first_purchase_at: "TIMESTAMP", last_purchase_at: "TIMESTAMP",
    recency_days: "BIGINT", frequency: "BIGINT", monetary: "DECIMAL(38,4)", gross_monetary: "DECIMAL(38,4)",
    is_scored: "BOOLEAN", tenure_days: "BIGINT", revenue_last_12_months: "DECIMAL(38,4)",
    r_score: "INTEGER", f_score: "INTEGER", m_score: "INTEGER", fm_score: "INTEGER", rfm_cell: "VARCHAR", segment: "VARCHAR",
    is_churned: "BOOLEAN", churn_risk_group: "VARCHAR", churn_status: "VARCHAR",
    cltv_profit: "DOUBLE", cltv_tier: "VARCHAR",
  },
  sql: ({ vars }) => `
    select
        scored.*,
        churn.is_churned, churn.churn_risk_group, churn.churn_status,
        tiers.cltv_profit, tiers.cltv_tier
    from (${rfmScoredSql(valued, vars.rfm_scoring as RfmScoring)}) as scored
    inner join (${churnFlaggedSql(valued)}) as churn
        on churn.customer_id = scored.customer_id and churn.snapshot_date = scored.snapshot_date
    inner join (${valueTieredSql(`(${valueEstimatedSql(valued)})`)}) as tiers
        on tiers.customer_id = scored.customer_id and tiers.snapshot_date = scored.snapshot_date
    order by scored.snapshot_date, scored.customer_id`,
};

export default model;
