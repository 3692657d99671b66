// Turns a test definition into a query that returns the failing rows: none means the test passes.
import { ident, literal } from "../pipeline/duckdb.ts";
import type { TestDefinition } from "./specs.ts";

export function failingRowsSql(test: TestDefinition): string {
  const o = test.options;
  const from = o.where ? `(SELECT * FROM ${ident(test.relation)} WHERE ${o.where}) AS t` : `${ident(test.relation)} AS t`;
  const column = test.column ? `t.${ident(test.column)}` : "";
  switch (test.kind) {
    case "not_null":
      return `SELECT * FROM ${from} WHERE ${column} IS NULL`;
    case "unique": {
      const key = test.column ? column : (o.columns as string[]).map((c) => `t.${ident(c)}`).join(", ");
      return `SELECT * FROM ${from} QUALIFY count(*) OVER (PARTITION BY ${key}) > 1`;
    }
    case "accepted_values":
      return `SELECT * FROM ${from} WHERE ${column} IS NOT NULL AND ${column} NOT IN (${(o.values as unknown[]).map(literal).join(", ")})`;
    case "relationships":
      return `SELECT * FROM ${from} WHERE ${column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${ident(String(o.to))} AS r WHERE r.${ident(String(o.field))} = ${column})`;
    case "accepted_range": {
      const strict = o.inclusive === false;
      const outside = [
        o.min !== undefined ? `${column} ${strict ? "<=" : "<"} ${literal(o.min)}` : null,
        o.max !== undefined ? `${column} ${strict ? ">=" : ">"} ${literal(o.max)}` : null,
      ].filter(Boolean);
      return `SELECT * FROM ${from} WHERE ${outside.join(" OR ") || "FALSE"}`;
    }
    case "expression_is_true":
      // Stricter than dbt: an expression that evaluates to NULL fails, since NULL is not true.
      return `SELECT * FROM ${from} WHERE (${o.expression}) IS NOT TRUE`;
    case "row_count": {
      const checks = [
        o.min !== undefined ? `n >= ${literal(o.min)}` : null,
        o.max !== undefined ? `n <= ${literal(o.max)}` : null,
        o.equal_to !== undefined ? `n = (SELECT count(*) FROM ${ident(String(o.equal_to))})` : null,
      ].filter(Boolean);
      return `SELECT n AS row_count FROM (SELECT count(*) AS n FROM ${from}) WHERE NOT (${checks.join(" AND ") || "n > 0"})`;
    }
  }
}

/**
 * A unique test on a table stored sorted by the key (sorted_by in its YAML; readSpecs sets
 * `storedOrder`, the key in the table's order): the rows whose key does not come strictly after the
 * key of the row before, in the stored order, found in one streaming pass (lag() over an empty
 * OVER, which keeps a single table's order) instead of a window partitioned by the key (at 5M order
 * lines, funnel_events' 8.5M rows: 0.05 s against 0.8-1.4 s). None means every key is unique; some
 * means a duplicate or an order not kept, which only the full test (failingRowsSql) tells apart, so
 * runTests counts with this and runs the full test when it finds any. Nulls sort last, as the
 * table's ORDER BY puts them, and two null keys are the same key, as in the full test.
 * Undefined for any other test.
 */
export function inOrderFailingRowsSql(test: TestDefinition): string | undefined {
  if (test.kind !== "unique" || !test.storedOrder?.length || test.options.where !== undefined) return undefined;
  const key = test.storedOrder;
  const previous = (i: number) => ident(`__previous_${i}`);
  // The key strictly after the previous row's, column by column: a later value (null after any), or an equal one and the rest after.
  const after = key.reduceRight((rest, column, i) => {
    const [c, p] = [ident(column), previous(i)];
    const later = `(${p} IS NOT NULL AND (${c} IS NULL OR ${c} > ${p}))`;
    return rest ? `(${later} OR (${c} IS NOT DISTINCT FROM ${p} AND ${rest}))` : later;
  }, "");
  return `SELECT ${key.map(ident).join(", ")} FROM (SELECT t.*, row_number() OVER () AS ${ident("__row")}, ${key.map((c, i) => `lag(t.${ident(c)}) OVER () AS ${previous(i)}`).join(", ")} FROM ${ident(test.relation)} AS t)
    WHERE ${ident("__row")} > 1 AND NOT ${after}`;
}

// Tests counted per query: larger batches gain little and make one slow test harder to spot.
export const testBatchSize = 50;

/**
 * One query that counts the failing rows of several tests (a unique test on a table stored in key
 * order by inOrderFailingRowsSql), a row (i, n) per test, i its index in
 * `tests`. Running a few hundred small test queries one by one costs more in round trips than in
 * work; batched, DuckDB plans and runs them together.
 */
export function failingCountsSql(tests: TestDefinition[]): string {
  return tests.map((test, i) => `SELECT ${i} AS i, count(*) AS n FROM (${inOrderFailingRowsSql(test) ?? failingRowsSql(test)})`).join("\nUNION ALL ");
}

/** Test names that depend on another relation, so the runner knows what must exist first. */
export function referencedRelations(test: TestDefinition): string[] {
  return [test.relation, test.options.to, test.options.equal_to].filter((r): r is string => typeof r === "string");
}
