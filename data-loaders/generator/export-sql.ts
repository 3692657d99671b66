// The published tables, made in SQL from the staged integers: codes become stock codes, names,
// ids and timestamps here. Each query only projects its staging table, so rows keep the order
// in which the simulation wrote them.
import { ADJUSTMENT_DESCRIPTIONS, type Catalogue } from "./catalogue.ts";
import type { Calendar } from "./calendar.ts";
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from "./names.ts";
import { channels, countries, devices, experiments } from "./parameters.ts";
import { ASSIGNMENTS, CUSTOMERS, EVENT_NAMES, EVENTS, ORDER_LINES } from "./staging.ts";
import { traffic } from "./traffic.ts";

export type StoreTable = "order_lines" | "customers" | "events" | "experiment_assignments";

const literal = (value: string | null) => (value === null ? "NULL" : `'${value.replaceAll("'", "''")}'`);
const list = (values: readonly (string | null)[]) => `[${values.map(literal).join(", ")}]`;

export function exportQueries(calendar: Calendar, catalogue: Catalogue): Record<StoreTable, string> {
  const at = (column: string) => `make_timestamp((${calendar.startEpoch} + ${column})::BIGINT * 1000000)`;
  // printf is several times slower than concatenation on tens of millions of rows.
  const userId = `CASE WHEN uid > 0 THEN uid::VARCHAR WHEN uid > -1000000 THEN 'anon-' || lpad((-uid)::VARCHAR, 6, '0') ELSE 'anon-' || (-uid)::VARCHAR END`;
  const ledgerCountry = list(countries.map((c) => c.ledger));
  const first = list(FIRST_NAMES);
  const last = list(LAST_NAMES);
  return {
    order_lines: `
      SELECT
        CASE prefix WHEN 1 THEN 'C' WHEN 2 THEN 'A' ELSE '' END || invoice::VARCHAR AS InvoiceNo,
        ${list(catalogue.stockCodes)}[item + 1] AS StockCode,
        CASE WHEN descr = -1 THEN ${list(catalogue.descriptions)}[item + 1]
             WHEN descr >= 0 THEN ${list(ADJUSTMENT_DESCRIPTIONS)}[descr + 1] END AS Description,
        quantity AS Quantity,
        ${at("ts")} AS InvoiceDate,
        price::DOUBLE / 100 AS UnitPrice,
        CASE WHEN customer > 0 THEN customer::VARCHAR END AS CustomerID,
        ${ledgerCountry}[country + 1] AS Country
      FROM ${ORDER_LINES.table}`,
    customers: `
      SELECT
        customer::VARCHAR AS customer_id,
        ${at("first_seen")} AS first_seen_at,
        ${ledgerCountry}[country + 1] AS country,
        ${list(channels.map((c) => c.name))}[channel + 1] AS acquisition_channel,
        ${first}[first_name + 1] || ' ' || ${last}[last_name + 1] AS full_name,
        replace(strip_accents(lower(${first}[first_name + 1] || '.' || ${last}[last_name + 1])), '''', '')
          || '.' || customer::VARCHAR || '@' || ${list(EMAIL_DOMAINS)}[domain + 1] AS email
      FROM ${CUSTOMERS.table}`,
    events: `
      SELECT
        ${userId} AS user_id,
        's' || session::VARCHAR AS session_id,
        ${list(EVENT_NAMES)}[event + 1] AS event_name,
        ${at("ts")} AS event_at,
        ${list(traffic.map((t) => t.source))}[traffic + 1] AS source,
        ${list(traffic.map((t) => t.medium))}[traffic + 1] AS medium,
        ${list(traffic.map((t) => t.campaign))}[traffic + 1] AS campaign,
        ${list(devices.map((d) => d.name))}[device + 1] AS device_category,
        ${list(countries.map((c) => c.web))}[country + 1] AS country,
        CASE WHEN txn > 0 THEN txn::VARCHAR END AS transaction_id,
        CASE WHEN txn > 0 THEN CAST(revenue::DOUBLE / 100 AS DECIMAL(18,4)) END AS revenue
      FROM ${EVENTS.table}`,
    experiment_assignments: `
      SELECT
        ${list(experiments.map((e) => e.id))}[experiment + 1] AS experiment_id,
        ${userId} AS user_id,
        CASE variant WHEN 0 THEN 'control' ELSE 'treatment' END AS variant,
        ${at("ts")} AS assigned_at
      FROM ${ASSIGNMENTS.table}`,
  };
}
