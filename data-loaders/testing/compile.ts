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

// Tests counted per query: larger batches gain little and make one slow test harder to spot.
export const testBatchSize = 50;

/**
 * One query that counts the failing rows of several tests, a row (i, n) per test, i its index in
 * `tests`. Running a few hundred small test queries one by one costs more in round trips than in
 * work; batched, DuckDB plans and runs them together.
 */
export function failingCountsSql(tests: TestDefinition[]): string {
  return tests.map((test, i) => `SELECT ${i} AS i, count(*) AS n FROM (${failingRowsSql(test)})`).join("\nUNION ALL ");
}

/** Test names that depend on another relation, so the runner knows what must exist first. */
export function referencedRelations(test: TestDefinition): string[] {
  return [test.relation, test.options.to, test.options.equal_to].filter((r): r is string => typeof r === "string");
}
