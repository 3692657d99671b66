// Low / Medium / High lifetime-value tiers at today's snapshot (cut in
// data-loaders/lib/segments/scoring-sql.ts, shared with the segments as of past dates).
import type { TsModel } from "../../pipeline/ts-model.ts";
import { valueTieredSql } from "../../lib/segments/scoring-sql.ts";

const model: TsModel = {
  description: "CLTV tier per customer, cut at the 33rd and 66th percentiles of CLTV profit.",
  dependsOn: ["int_customers_value_estimated"],
  columns: {
    customer_id: "VARCHAR", aov: "DOUBLE", annual_purchase_frequency: "DOUBLE", cltv_revenue: "DOUBLE", cltv_profit: "DOUBLE",
    cltv_tier: "VARCHAR", cltv_p33: "DOUBLE", cltv_p66: "DOUBLE",
  },
  // One snapshot: a null snapshot_date groups every customer together.
  sql: () => valueTieredSql("(select *, cast(null as date) as snapshot_date from int_customers_value_estimated)"),
};

export default model;
