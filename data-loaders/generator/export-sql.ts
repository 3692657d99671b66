// The published tables, made in SQL from the staged integers: codes become stock codes, names,
// ids and timestamps here. Each query only projects its staging table, so rows keep the order
// in which the simulation wrote them (assignments excepted: sorted, see below).
import { ADJUSTMENT_DESCRIPTIONS, type Catalogue } from "./catalogue.ts";
import type { Calendar } from "./calendar.ts";
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from "./names.ts";
import { channels, countries, devices, experiments } from "./parameters.ts";
import { ASSIGNMENTS, CUSTOMERS, EVENT, EVENT_CODE, EVENT_NAMES, EVENTS, ORDER_LINE_CODE, ORDER_LINES, unpack } from "./staging.ts";
import { traffic } from "./traffic.ts";

export type StoreTable = "order_lines" | "customers" | "events" | "experiment_assignments";

const literal = (value: string | null) => (value === null ? "NULL" : `'${value.replaceAll("'", "''")}'`);
const list = (values: readonly (string | null)[]) => `[${values.map(literal).join(", ")}]`;

/**
 * values[index] as a string column. Cast to an ENUM, which Parquet and CSV store as plain strings
 * (read back as VARCHAR), because DuckDB writes an ENUM's dictionary without hashing every row:
 * measured 3x faster than writing the same VARCHAR column.
 */
function lookup(values: readonly (string | null)[], index: string): string {
  const members = [...new Set(values.filter((v): v is string => v !== null))];
  return `CAST(${list(values)}[${index} + 1] AS ENUM(${members.map(literal).join(", ")}))`;
}

/** Pages a page_view lands on; /cart is one of them, so a funnel can ask for a cart view. */
export const BROWSE_PAGES = ["/", "/category/gifts", "/category/home", "/category/kitchen", "/sale", "/search", "/cart"] as const;

/**
 * The page of an event, derived from values already drawn (session number and second), so that
 * adding it changes no random draw and no other value of the store: page views spread over
 * BROWSE_PAGES, item views over the catalogue's product pages, the cart and checkout steps on
 * their fixed pages; session_start has no page.
 */
function pageOfEvent(catalogue: Catalogue): string {
  const event = unpack("code", EVENT_CODE.event);
  const spread = (n: number) => `((session::BIGINT * 31 + ts) % ${n})`;
  return `CASE ${event}
          WHEN ${EVENT.pageView} THEN ${list(BROWSE_PAGES)}[${spread(BROWSE_PAGES.length)} + 1]
          WHEN ${EVENT.viewItem} THEN '/product/' || ${list(catalogue.stockCodes)}[${spread(catalogue.stockCodes.length)} + 1]
          WHEN ${EVENT.addToCart} THEN '/cart'
          WHEN ${EVENT.beginCheckout} THEN '/checkout'
          WHEN ${EVENT.purchase} THEN '/checkout/complete'
        END`;
}

export function exportQueries(calendar: Calendar, catalogue: Catalogue): Record<StoreTable, string> {
  const at = (column: string) => `make_timestamp((${calendar.startEpoch} + ${column})::BIGINT * 1000000)`;
  // printf is several times slower than concatenation on tens of millions of rows.
  const userId = `CASE WHEN uid > 0 THEN uid::VARCHAR WHEN uid > -1000000 THEN 'anon-' || lpad((-uid)::VARCHAR, 6, '0') ELSE 'anon-' || (-uid)::VARCHAR END`;
  const ledgerCountries = countries.map((c) => c.ledger);
  const item = unpack("code", ORDER_LINE_CODE.item);
  const descr = unpack("code", ORDER_LINE_CODE.descr);
  const trafficRow = unpack("code", EVENT_CODE.traffic);
  const first = list(FIRST_NAMES);
  const last = list(LAST_NAMES);
  return {
    order_lines: `
      SELECT
        ${lookup(["", "C", "A"], unpack("code", ORDER_LINE_CODE.prefix))} || invoice::VARCHAR AS InvoiceNo,
        ${lookup(catalogue.stockCodes, item)} AS StockCode,
        ${lookup([...catalogue.descriptions, ...ADJUSTMENT_DESCRIPTIONS], `CASE ${descr} WHEN 1 THEN ${item} WHEN 0 THEN NULL ELSE ${catalogue.descriptions.length} + ${descr} - 2 END`)} AS Description,
        quantity AS Quantity,
        ${at("ts")} AS InvoiceDate,
        price::DOUBLE / 100 AS UnitPrice,
        CASE WHEN customer > 0 THEN customer::VARCHAR END AS CustomerID,
        ${lookup(ledgerCountries, unpack("code", ORDER_LINE_CODE.country))} AS Country
      FROM ${ORDER_LINES.table}`,
    customers: `
      SELECT
        customer::VARCHAR AS customer_id,
        ${at("first_seen")} AS first_seen_at,
        ${lookup(ledgerCountries, "country")} AS country,
        ${lookup(channels.map((c) => c.name), "channel")} AS acquisition_channel,
        ${first}[first_name + 1] || ' ' || ${last}[last_name + 1] AS full_name,
        replace(strip_accents(lower(${first}[first_name + 1] || '.' || ${last}[last_name + 1])), '''', '')
          || '.' || customer::VARCHAR || '@' || ${list(EMAIL_DOMAINS)}[domain + 1] AS email
      FROM ${CUSTOMERS.table}`,
    events: `
      SELECT
        ${userId} AS user_id,
        's' || session::VARCHAR AS session_id,
        ${lookup(EVENT_NAMES, unpack("code", EVENT_CODE.event))} AS event_name,
        ${at("ts")} AS event_at,
        ${lookup(traffic.map((t) => t.source), trafficRow)} AS source,
        ${lookup(traffic.map((t) => t.medium), trafficRow)} AS medium,
        ${lookup(traffic.map((t) => t.campaign), trafficRow)} AS campaign,
        ${lookup(devices.map((d) => d.name), unpack("code", EVENT_CODE.device))} AS device_category,
        ${lookup(countries.map((c) => c.web), unpack("code", EVENT_CODE.country))} AS country,
        CASE WHEN txn > 0 THEN txn::VARCHAR END AS transaction_id,
        CASE WHEN txn > 0 THEN CAST(revenue::DOUBLE / 100 AS DECIMAL(18,4)) END AS revenue,
        ${pageOfEvent(catalogue)} AS page
      FROM ${EVENTS.table}`,
    experiment_assignments: `
      SELECT
        ${lookup(experiments.map((e) => e.id), "experiment")} AS experiment_id,
        ${userId} AS user_id,
        ${lookup(["control", "treatment"], "variant")} AS variant,
        ${at("ts")} AS assigned_at
      FROM ${ASSIGNMENTS.table}
      -- Returning users are staged after the simulation: time order within each experiment.
      ORDER BY experiment, ts, uid`,
  };
}
