// Average order value and historical lifetime value per customer at today's snapshot (formula in
// data-loaders/lib/segments/scoring-sql.ts, shared with the segments as of past dates).
import type { TsModel } from "../../pipeline/ts-model.ts";
import { valueEstimatedSql } from "../../lib/segments/scoring-sql.ts";

const model: TsModel = {
  description: "AOV, annual purchase frequency and CLTV revenue and profit per customer.",
  dependsOn: ["int_customers_rfm_valued", "business_constants"],
  columns: {
    customer_id: "VARCHAR", aov: "DOUBLE", annual_purchase_frequency: "DOUBLE", cltv_revenue: "DOUBLE", cltv_profit: "DOUBLE",
  },
  sql: () => valueEstimatedSql("int_customers_rfm_valued"),
};

export default model;
