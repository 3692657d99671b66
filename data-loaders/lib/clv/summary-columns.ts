// What the store's summary models share: their columns (as customerSummarySql selects them) and
// the purchases they read, one per kept invoice (the same invoices RFM and historical CLTV count).
export const summaryColumns = {
  customer_id: "VARCHAR",
  first_purchase_on: "DATE",
  frequency: "INTEGER",
  recency: "DOUBLE",
  age: "DOUBLE",
  repeat_spend: "DOUBLE",
  calibration_revenue: "DOUBLE",
  holdout_purchases: "INTEGER",
  holdout_revenue: "DOUBLE",
};

export const invoicePurchases = "(select customer_id, cast(invoiced_at as date) as purchased_on, revenue as amount from int_invoices_aggregated)";

/** A SELECT with the summary's columns and no rows, for a store without invoices. */
export const emptySummary = `select ${Object.entries(summaryColumns).map(([name, type]) => `cast(null as ${type}) as ${name}`).join(", ")} where false`;
