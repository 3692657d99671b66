// The user properties every activation export carries, one record per customer, read from the
// built marts (the Parquet files `npm run marts` writes under .cache/<config>/marts). Only these
// named columns are read: customer_360 holds no names or e-mail addresses, and nothing else
// about a customer can reach an export.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, queryRows } from "../pipeline/duckdb.ts";
import { UserError } from "../pipeline/errors.ts";
import { displayPath } from "../pipeline/paths.ts";

export type PropertyValue = string | number | boolean | null;

/** Property name -> value; every record has every name (null where a mart has no value). */
export type Properties = Record<string, PropertyValue>;

export interface CustomerProperties {
  customer_id: string;
  properties: Properties;
}

export interface PropertySet {
  /** The day RFM recency and churn were measured at (YYYY-MM-DD). */
  snapshotDate: string;
  /** Property names in the order every file writes them. */
  names: string[];
  /** Whether customer_clv_predictions was built, so predicted value is exported. */
  hasPredictions: boolean;
  /** Sorted by customer_id. */
  customers: CustomerProperties[];
}

/** Names and meaning of each property, for the README and the schemas. */
export const propertyDocs: Record<string, { type: "string" | "integer" | "number" | "boolean"; from: string }> = {
  rfm_segment: { type: "string", from: "customer_360.segment" },
  rfm_recency_score: { type: "integer", from: "customer_360.r_score (1-5, 5 = most recent)" },
  rfm_frequency_score: { type: "integer", from: "customer_360.f_score (1-5)" },
  rfm_monetary_score: { type: "integer", from: "customer_360.m_score (1-5)" },
  churn_status: { type: "string", from: "customer_360.churn_status" },
  is_churned: { type: "boolean", from: "customer_360.is_churned" },
  churn_risk: { type: "string", from: "customer_360.churn_risk_group" },
  value_tier: { type: "string", from: "customer_360.cltv_tier" },
  predicted_value: { type: "number", from: "customer_clv_predictions.predicted_value (rounded to cents)" },
  predictive_tier: { type: "string", from: "customer_clv_predictions.predictive_tier" },
  lifecycle_stage: { type: "string", from: "cohort_stage_definitions: the stage holding the customer's months since first purchase at the snapshot" },
};

const predictionNames = ["predicted_value", "predictive_tier"];

export async function readCustomerProperties(martsDirectory: string): Promise<PropertySet> {
  const file = (name: string) => join(martsDirectory, `${name}.parquet`);
  for (const name of ["customer_360", "cohort_stage_definitions"]) {
    if (!existsSync(file(name))) throw new UserError(`${displayPath(file(name))} is missing: run npm run marts first`);
  }
  const hasPredictions = existsSync(file("customer_clv_predictions"));
  const { instance, connection } = await openDatabase();
  try {
    const predictions = hasPredictions
      ? `left join read_parquet('${file("customer_clv_predictions")}') as clv on clv.customer_id = c.customer_id`
      : "";
    const rows = await queryRows(connection, `
      with customers as (select * from read_parquet('${file("customer_360")}')),
      stages as (select * from read_parquet('${file("cohort_stage_definitions")}')),
      tenure as (
        -- Calendar months from the first purchase to the last day the snapshot covers, the same
        -- month count the cohort lifecycle stages are defined on (0 = the month of the first purchase).
        select
          customer_id,
          (year(snapshot_date - 1) * 12 + month(snapshot_date - 1))
            - (year(first_purchase_at) * 12 + month(first_purchase_at)) as months_since_first
        from customers
      )
      select
        c.customer_id,
        strftime(c.snapshot_date, '%Y-%m-%d') as snapshot_date,
        c.segment as rfm_segment,
        c.r_score as rfm_recency_score,
        c.f_score as rfm_frequency_score,
        c.m_score as rfm_monetary_score,
        c.churn_status,
        c.is_churned,
        c.churn_risk_group as churn_risk,
        c.cltv_tier as value_tier,
        ${hasPredictions ? "round(clv.predicted_value, 2) as predicted_value, clv.predictive_tier," : ""}
        stages.stage as lifecycle_stage
      from customers as c
      inner join tenure on tenure.customer_id = c.customer_id
      left join stages
        on tenure.months_since_first >= stages.first_month
        and (stages.last_month is null or tenure.months_since_first <= stages.last_month)
      ${predictions}
      order by c.customer_id`);
    const names = Object.keys(propertyDocs).filter((name) => hasPredictions || !predictionNames.includes(name));
    const seen = new Set<string>();
    const customers = rows.map((row) => {
      const id = String(row.customer_id);
      if (seen.has(id)) throw new UserError(`${displayPath(file("customer_360"))}: customer ${id} appears twice (a lifecycle stage overlaps another in seeds/cohort_lifecycle_stages.csv?)`);
      seen.add(id);
      return { customer_id: id, properties: Object.fromEntries(names.map((name) => [name, plain(row[name])])) };
    });
    const snapshotDate = rows.length ? String(rows[0].snapshot_date) : "";
    return { snapshotDate, names, hasPredictions, customers };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function plain(value: unknown): PropertyValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return String(value);
}
