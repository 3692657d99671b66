// Churn flag and risk group per customer at today's snapshot (rules in
// data-loaders/lib/segments/scoring-sql.ts, shared with the segments as of past dates).
import type { TsModel } from "../../pipeline/ts-model.ts";
import { churnFlaggedSql } from "../../lib/segments/scoring-sql.ts";

const model: TsModel = {
  description: "Churn flag, risk group and days overdue per customer at the snapshot date.",
  dependsOn: ["int_customers_rfm_valued", "churn_risk_groups"],
  vars: ["churn_window_days"],
  columns: {
    customer_id: "VARCHAR", churn_window_days: "INTEGER", is_churned: "BOOLEAN", churn_risk_group: "VARCHAR",
    churn_status: "VARCHAR", days_overdue: "DOUBLE",
  },
  sql: () => churnFlaggedSql("int_customers_rfm_valued"),
};

export default model;
