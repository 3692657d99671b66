// An order export with a status column (jaffle shop's returned / completed, Shopify's refunded /
// voided) says what became of each order. The source's `status` option maps every status the
// export writes to one of three outcomes:
//   kept         an ordinary sale;
//   credit_note  the sale stands and is taken back in full: each of its lines gets a credit-note
//                twin (invoice "C" + its id, quantity negated, same price, customer and time), the
//                way a C-prefixed invoice already marks a credit note, so the ledger and the matched
//                credit notes net it like any other return;
//   excluded     the lines never were a sale (cancelled, voided): staging counts them under the
//                ledger reason excluded_status, with the statuses named, and no model uses them.
// A status the map does not list is an error naming the file, row, value and the known statuses:
// guessing what "on_hold" means would move revenue without a word.
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, literal, queryRows } from "../pipeline/duckdb.ts";
import { didYouMean, UserError } from "../pipeline/errors.ts";
import type { CanonicalTableName } from "./canonical.ts";

export const statusOutcomes = ["kept", "credit_note", "excluded"] as const;
export type StatusOutcome = (typeof statusOutcomes)[number];

export interface StatusRule {
  /** Raw column holding the status (read into canonical order_lines.status). */
  column: string;
  /** Status as written -> outcome. */
  map: Record<string, StatusOutcome>;
}

/** The config's `status: {column, map}`, checked with the entry and key named; over a preset's rule, the column may be left out and the map adds to (or overrides) the preset's. */
export function parseStatusRule(value: unknown, where: string, table: CanonicalTableName, base?: StatusRule): StatusRule {
  if (table !== "order_lines") throw new UserError(`${where}: only order_lines sources have an order status`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UserError(`${where} must be {column: <status column>, map: {<status>: kept | credit_note | excluded, ...}}`);
  const spec = { ...(value as Record<string, unknown>) };
  for (const key of Object.keys(spec)) {
    if (key !== "column" && key !== "map") throw new UserError(`${where}: unknown key "${key}".${didYouMean(key, ["column", "map"])}`);
  }
  if (base && spec.column === undefined) spec.column = base.column;
  if (base && spec.map === undefined) spec.map = {};
  if (typeof spec.column !== "string" || !spec.column.trim()) throw new UserError(`${where}.column must name the export's status column`);
  if (typeof spec.map !== "object" || spec.map === null || Array.isArray(spec.map) || (!base && !Object.keys(spec.map).length)) {
    throw new UserError(`${where}.map must list every status the export writes with its outcome (kept, credit_note or excluded)`);
  }
  for (const [status, outcome] of Object.entries(spec.map)) {
    if (!statusOutcomes.includes(outcome as StatusOutcome)) {
      throw new UserError(`${where}.map.${status} must be one of ${statusOutcomes.join(", ")}, got ${JSON.stringify(outcome)}.${didYouMean(String(outcome), [...statusOutcomes])}`);
    }
  }
  return { column: spec.column, map: { ...base?.map, ...(spec.map as Record<string, StatusOutcome>) } };
}

/**
 * Stops at the first row of a freshly loaded table whose status the map does not list (or that has
 * none), naming `where` (the file, or the query), the row, the raw column, the value and the known
 * statuses. The table holds the rows in file order, so rowid + 1 is the data row.
 */
export async function checkStatuses(connection: DuckDBConnection, table: string, rule: StatusRule, where: string, origin: string, lineOffset = 1): Promise<void> {
  const known = Object.keys(rule.map);
  const rows = await queryRows(connection, `
    SELECT rowid + 1 AS row, status, count(*) OVER () AS count FROM ${ident(table)}
    WHERE status IS NULL OR trim(status) NOT IN (${known.map(literal).join(", ")})
    ORDER BY rowid LIMIT 1`);
  if (!rows.length) return;
  const { row, status, count } = rows[0];
  const line = lineOffset ? ` (line ${Number(row) + lineOffset})` : "";
  const value = status === null ? "no status" : `status ${JSON.stringify(status)}`;
  throw new UserError(
    `${where}, row ${Number(row)}${line}, column ${rule.column}: ${value} is not in status.map (configured in ${origin}); known statuses: ${known.join(", ")}. ` +
      `Add it to status.map as kept, credit_note or excluded. ${Number(count)} row(s) like this.`,
  );
}

/** Sets status_outcome from the map and adds the credit-note twin of every line of an order mapped to credit_note. */
export async function applyStatuses(connection: DuckDBConnection, table: string, rule: StatusRule): Promise<void> {
  const cases = Object.entries(rule.map).map(([status, outcome]) => `WHEN ${literal(status)} THEN ${literal(outcome)}`).join(" ");
  const target = ident(table);
  await connection.run(`UPDATE ${target} SET status_outcome = CASE trim(status) ${cases} END`);
  // Only sale lines get a twin: a line that already is a credit note or a negative correction stays as it is.
  await connection.run(`
    INSERT INTO ${target}
    SELECT * REPLACE ('C' || invoice_id AS invoice_id, -quantity AS quantity, -line_total AS line_total)
    FROM ${target}
    WHERE status_outcome = 'credit_note' AND quantity > 0 AND NOT invoice_id ILIKE 'C%'
    ORDER BY rowid`);
}

/**
 * Exports that write an order's fields on its first line only (Shopify: the status, country and
 * refunded amount on the first line item's row, blank on the order's other rows): each listed
 * canonical column left empty on a line takes the value of another line of the same invoice.
 * UPDATE keeps every row in its place, so a later error still names the file's row.
 */
export async function fillOrderLevel(connection: DuckDBConnection, table: string, columns: string[]): Promise<void> {
  const target = ident(table);
  for (const column of columns) {
    const c = ident(column);
    await connection.run(`
      UPDATE ${target} SET ${c} = orders.value
      FROM (SELECT invoice_id, max(${c}) AS value FROM ${target} WHERE ${c} IS NOT NULL GROUP BY invoice_id) AS orders
      WHERE ${target}.invoice_id = orders.invoice_id AND ${target}.${c} IS NULL`);
  }
}

/** Product id of the credit-note line a partial refund becomes (seeds/order_line_rules.csv catches it, so it counts against the customer). */
export const refundProductId = "REFUND";

/**
 * An order kept as a sale with an amount refunded (canonical refunded_amount, Shopify's Refunded
 * Amount on a partially_refunded order) gets one credit-note line for that amount: invoice "C" +
 * its id, product REFUND, quantity -1, on the order's time. An order whose status already made it
 * a credit note or excluded it gets none (its whole value is already taken back or never counted).
 */
export async function addRefundLines(connection: DuckDBConnection, table: string): Promise<void> {
  const target = ident(table);
  await connection.run(`
    INSERT INTO ${target} (invoice_id, product_id, product_name, quantity, unit_price, invoiced_at, customer_id, country, status, status_outcome)
    SELECT 'C' || invoice_id, ${literal(refundProductId)}, 'Refund of part of the order', -1, max(refunded_amount),
           min(invoiced_at), any_value(customer_id ORDER BY rowid), any_value(country ORDER BY rowid), any_value(status ORDER BY rowid), 'credit_note'
    FROM ${target}
    WHERE coalesce(status_outcome, 'kept') = 'kept' AND NOT invoice_id ILIKE 'C%'
    GROUP BY invoice_id
    HAVING max(refunded_amount) > 0
    ORDER BY invoice_id`);
}
