// The segments as of the latest history snapshot are today's segments, exactly: the history values
// every customer from customer-day aggregates and credit notes dated before each snapshot
// (int_segment_history_valued), today's models from the whole order history (int_customers_rfm_valued),
// two computations written apart; the scoring after them is the one shared definition. Checked on a
// generated store (credit notes, cancellations, returns, guests) for every customer and every field.
import { join } from "node:path";
import { expect, test } from "vitest";
import { queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject } from "../helpers/temp-project.ts";

const fields = [
  "segment", "r_score", "f_score", "m_score", "fm_score", "rfm_cell", "is_scored", "recency_days", "frequency",
  "cast(monetary as varchar) as monetary", "first_purchase_at", "last_purchase_at", "tenure_days",
  "is_churned", "churn_risk_group", "churn_status", "cltv_profit", "cltv_tier",
];

// The third case pins today's snapshot inside the generated span (2024-01 .. 2025-12): today's
// models then count only the lines dated before it (observed_before_snapshot), as the history does.
test.each([["net", null], ["gross", null], ["net", "2025-06-15"]])("as of the latest snapshot, every customer's segment, scores, churn status and tier equal today's customer_rfm (%s value basis, snapshot %s)", async (basis, pinned) => {
  const project = tempProject({
    "analytics.config.yml": [
      "name: as-of-equality",
      "generate: {out: store, seed: 11, order_lines: 20000, customers: 600}",
      "sources:",
      "  order_lines: {path: store/order_lines.parquet, preset: uci_online_retail}",
      `vars: {segment_history_periods: 6, customer_value_basis: ${basis}${pinned ? `, snapshot_date: '${pinned}'` : ""}}`,
      "",
    ].join("\n"),
  });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["customer_segment_history", "customer_rfm", "int_customers_churn_flagged", "int_customers_value_tiered", "int_customer_lines_aggregated"] });
  expect(summary.failed, summary.log.join("\n")).toBe(false);

  await project.withWarehouse(async (connection) => {
    const today = await queryRows(connection, `
      select customer_id, ${fields.join(", ")}
      from customer_rfm
      inner join int_customers_churn_flagged using (customer_id)
      inner join int_customers_value_tiered using (customer_id)
      order by customer_id`);
    const asOf = await queryRows(connection, `
      select customer_id, ${fields.join(", ")}
      from int_segment_history_scored
      where snapshot_date = (select max(snapshot_date) from int_segment_history_periods)
      order by customer_id`);
    const [{ snapshots, latest, today: todaySnapshot, cancelled, credited }] = await queryRows(connection, `
      select (select count(*) from int_segment_history_periods) as snapshots,
        (select max(snapshot_date) from int_segment_history_periods) as latest,
        (select max(snapshot_date) from customer_rfm) as today,
        (select count(*) from int_orders_cancelled) as cancelled,
        (select count(*) from int_customers_rfm_valued where matched_credit_value <> 0) as credited`);
    // The store must exercise what could differ: cancelled orders, matched credit notes, no-value customers.
    expect(Number(snapshots)).toBe(6);
    expect(latest).toEqual(todaySnapshot);
    expect(Number(cancelled)).toBeGreaterThan(0);
    expect(Number(credited)).toBeGreaterThan(0);
    expect(today.length).toBeGreaterThan(300);
    expect(new Set(today.map((r) => r.segment)).size).toBeGreaterThan(6);
    expect(asOf).toEqual(today);
    // Value in the year before: customer_360's revenue at risk (int_customer_lines_aggregated, from the
    // order lines and int_credit_notes_matched) and the history's (customer-days, credit notes matched per snapshot).
    const recentToday = await queryRows(connection, `select customer_id, cast(revenue_last_12_months as varchar) as v from int_customer_lines_aggregated order by customer_id`);
    const recentAsOf = await queryRows(connection, `
      select customer_id, cast(revenue_last_12_months as varchar) as v from int_segment_history_valued
      where snapshot_date = (select max(snapshot_date) from int_segment_history_periods) order by customer_id`);
    expect(recentAsOf).toEqual(recentToday);
    // Under net, credit notes in the window must lower some customer's value, or the check proves little.
    const [{ lowered }] = await queryRows(connection, `select count(*) as lowered from int_customer_lines_aggregated l inner join int_customers_rfm_valued r using (customer_id) where l.revenue_last_12_months < r.gross_monetary and r.last_purchase_at >= r.snapshot_date - interval 365 day and r.first_purchase_at >= r.snapshot_date - interval 365 day`);
    if (basis === "net") expect(Number(lowered)).toBeGreaterThan(0);
  });
});
