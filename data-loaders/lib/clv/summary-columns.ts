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

/**
 * Under the net value basis (vars.customer_value_basis, the default) an order a credit note
 * cancelled in full (int_orders_cancelled) is not a purchase, by RFM's own rule (the macro
 * counts_as_purchase in src/components/sql-macros.js):
 * otherwise a cancelled order counts as a repeat purchase and its value as repeat spend (on Online
 * Retail, customer 16446's cancelled 168,469.60 order made them the top predicted value).
 *
 * With `calibrationEnd` ('YYYY-MM-DD', inclusive) the purchases are as the calibration period knew
 * them: an order dated up to that day counts as cancelled only when its credit note was issued by
 * then too, as the segment history counts a cancellation from the day of its credit note. A later
 * credit note belongs to the holdout, which the fit must not see.
 */
export function invoicePurchases(calibrationEnd?: string): string {
  const cancelled = calibrationEnd
    ? `cancelled.invoice_id is not null and (cancelled.cancelled_on <= DATE '${calibrationEnd}' or cast(invoices.invoiced_at as date) > DATE '${calibrationEnd}')`
    : "cancelled.invoice_id is not null";
  return `(select invoices.customer_id, cast(invoices.invoiced_at as date) as purchased_on, invoices.revenue as amount
    from int_invoices_aggregated as invoices
    left join int_orders_cancelled as cancelled on cancelled.invoice_id = invoices.invoice_id and cancelled.customer_id = invoices.customer_id
    where counts_as_purchase(${cancelled}, cast(getvariable('customer_value_basis') as varchar)))`;
}
/** What a model that reads invoicePurchases depends on. */
export const purchaseInputs = { dependsOn: ["int_invoices_aggregated", "int_orders_cancelled"], vars: ["customer_value_basis"] };

/** A SELECT with the summary's columns and no rows, for a store without invoices. */
export const emptySummary = `select ${Object.entries(summaryColumns).map(([name, type]) => `cast(null as ${type}) as ${name}`).join(", ")} where false`;
