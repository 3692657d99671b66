// Order exports without an invoice number (CDNOW's transaction log, many point-of-sale dumps) get
// one by a stated rule, so that orders, AOV and frequency mean what they mean elsewhere:
//   customer_time  the lines of one customer at one time stamp are one invoice:
//                  <customer>-<YYYYMMDDTHHMMSS>
//   customer_day   the lines of one customer on one calendar day (UTC) are one invoice:
//                  <customer>-<YYYYMMDD>
// A line without a customer (a guest) takes "guest" in place of the customer. Only lines whose
// invoice id is empty get one; an id the export writes is never replaced.
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident } from "../pipeline/duckdb.ts";

export const invoiceIdRules = ["customer_time", "customer_day"] as const;
export type InvoiceIdRule = (typeof invoiceIdRules)[number];

const formats: Record<InvoiceIdRule, string> = { customer_time: "%Y%m%dT%H%M%S", customer_day: "%Y%m%d" };

/** The generated id of a line, as SQL over the canonical columns. */
export function generatedInvoiceIdSql(rule: InvoiceIdRule): string {
  return `coalesce(customer_id, 'guest') || '-' || strftime(invoiced_at, '${formats[rule]}')`;
}

/** Fills the empty invoice ids of a loaded order_lines table by the rule; returns how many lines got one. */
export async function fillInvoiceIds(connection: DuckDBConnection, table: string, rule: InvoiceIdRule): Promise<void> {
  await connection.run(`UPDATE ${ident(table)} SET invoice_id = ${generatedInvoiceIdSql(rule)} WHERE invoice_id IS NULL OR trim(invoice_id) = ''`);
}
