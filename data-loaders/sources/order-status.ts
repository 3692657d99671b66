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
