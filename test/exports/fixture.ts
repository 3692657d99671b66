// Hand-made marts for the export tests: seven customers whose properties are worked out by hand
// below (`expected`), written as the Parquet files `npm run marts` leaves in .cache/<name>/marts.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import type { Properties } from "../../data-loaders/exports/properties.ts";

export interface FixtureCustomer {
  id: string;
  first: string;
  segment: string;
  scores: [number, number, number] | null;
  churn: [string, boolean, string];
  tier: string;
  /** null = no row in customer_clv_predictions */
  predicted: [number, string] | null;
}

// Snapshot 2024-07-01 covers data to 2024-06-30 (June 2024). Months since the first purchase:
// C0001 June 2024 -> 0 Acquisition; C0002 May -> 1 Activation; C0003 March -> 3 Activation;
// C0004 February -> 4 Retention; C0005 June 2023 -> 12 Revenue; C0006 May 2023 -> 13 Referral;
// C0007 December 2023 -> 6 Retention.
export const fixtureCustomers: FixtureCustomer[] = [
  { id: "C0003", first: "2024-03-01 09:00:00", segment: "Loyal", scores: [4, 4, 3], churn: ["Active", false, "Low"], tier: "Medium", predicted: [210.456, "High"] },
  { id: "C0001", first: "2024-06-15 12:30:00", segment: "New Customers", scores: [5, 1, 2], churn: ["Active", false, "Low"], tier: "Low", predicted: [35.004, "Low"] },
  { id: "C0002", first: "2024-05-31 23:59:59", segment: "Promising", scores: [5, 2, 2], churn: ["Active", false, "Low"], tier: "Low", predicted: null },
  { id: "C0004", first: "2024-02-29 00:00:00", segment: "At Risk", scores: [2, 3, 4], churn: ["At Risk", false, "Medium"], tier: "High", predicted: [512.5, "Top"] },
  { id: "C0005", first: "2023-06-30 18:00:00", segment: "Champions", scores: [5, 5, 5], churn: ["Active", false, "Low"], tier: "High", predicted: [1999.999, "Top"] },
  { id: "C0006", first: "2023-05-01 08:00:00", segment: "Lost", scores: [1, 1, 1], churn: ["Churned", true, "Churned"], tier: "Low", predicted: [0, "Low"] },
  { id: "C0007", first: "2023-12-10 10:00:00", segment: "No net value", scores: null, churn: ["Churned", true, "High"], tier: "No net value", predicted: [1.2, "Low"] },
];

const stages: Record<string, string> = { C0001: "Acquisition", C0002: "Activation", C0003: "Activation", C0004: "Retention", C0005: "Revenue", C0006: "Referral", C0007: "Retention" };

/** The properties each customer must carry, from the table above (predicted value in cents). */
export function expected(withPredictions = true): Record<string, Properties> {
  return Object.fromEntries(fixtureCustomers.map((c) => [c.id, {
    rfm_segment: c.segment,
    rfm_recency_score: c.scores?.[0] ?? null,
    rfm_frequency_score: c.scores?.[1] ?? null,
    rfm_monetary_score: c.scores?.[2] ?? null,
    churn_status: c.churn[0],
    is_churned: c.churn[1],
    churn_risk: c.churn[2],
    value_tier: c.tier,
    ...(withPredictions ? { predicted_value: c.predicted ? Math.round(c.predicted[0] * 100) / 100 : null, predictive_tier: c.predicted?.[1] ?? null } : {}),
    lifecycle_stage: stages[c.id],
  }]));
}

const sql = (v: unknown) => (v === null ? "NULL" : typeof v === "string" ? `'${v.replaceAll("'", "''")}'` : String(v));

/** Writes the marts into a new folder (or `dir`) and returns it. */
export async function writeFixtureMarts(options: { customers?: FixtureCustomer[]; withPredictions?: boolean; dir?: string } = {}): Promise<string> {
  const customers = options.customers ?? fixtureCustomers;
  const dir = options.dir ?? join(mkdtempSync(join(process.env.ANALYTICS_TEST_TMP ?? tmpdir(), "export-marts-")), "marts");
  mkdirSync(dir, { recursive: true });
  const { instance, connection } = await openDatabase();
  try {
    const rows = customers.map((c) => `(${[c.id, "2024-07-01", c.first, c.segment, c.scores?.[0] ?? null, c.scores?.[1] ?? null, c.scores?.[2] ?? null, ...c.churn, c.tier].map(sql).join(", ")})`);
    await connection.run(`COPY (SELECT customer_id, CAST(snapshot_date AS DATE) AS snapshot_date, CAST(first_purchase_at AS TIMESTAMP) AS first_purchase_at, segment,
        CAST(r_score AS INTEGER) AS r_score, CAST(f_score AS INTEGER) AS f_score, CAST(m_score AS INTEGER) AS m_score, churn_status, is_churned, churn_risk_group, cltv_tier,
        'Greta Example' AS customer_name_that_must_not_leak
      FROM (VALUES ${rows.join(", ")}) AS t(customer_id, snapshot_date, first_purchase_at, segment, r_score, f_score, m_score, churn_status, is_churned, churn_risk_group, cltv_tier))
      TO '${join(dir, "customer_360.parquet")}' (FORMAT parquet)`);
    await connection.run(`COPY (SELECT * FROM (VALUES ('Acquisition', 1, 0, 0), ('Activation', 2, 1, 3), ('Retention', 3, 4, 6), ('Revenue', 4, 7, 12), ('Referral', 5, 13, NULL))
        AS t(stage, stage_order, first_month, last_month)) TO '${join(dir, "cohort_stage_definitions.parquet")}' (FORMAT parquet)`);
    if (options.withPredictions ?? true) {
      const predicted = customers.filter((c) => c.predicted).map((c) => `(${sql(c.id)}, ${c.predicted![0]}, ${sql(c.predicted![1])})`);
      await connection.run(`COPY (SELECT customer_id, CAST(predicted_value AS DOUBLE) AS predicted_value, predictive_tier
        FROM (VALUES ${predicted.join(", ")}) AS t(customer_id, predicted_value, predictive_tier)) TO '${join(dir, "customer_clv_predictions.parquet")}' (FORMAT parquet)`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return dir;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(process.env.ANALYTICS_TEST_TMP ?? tmpdir(), prefix));
}
