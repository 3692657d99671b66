// Runs data tests after the models and records every outcome in the data_test_results table,
// which is exported like a mart so the site can show what was checked.
import type { DuckDBConnection } from "@duckdb/node-api";
import { duckdbMessage, ident, literal, queryRows } from "../pipeline/duckdb.ts";
import { UserError } from "../pipeline/errors.ts";
import { displayPath } from "../pipeline/paths.ts";
import { failingCountsSql, failingRowsSql, inOrderFailingRowsSql, testBatchSize } from "./compile.ts";
import type { Severity, TestDefinition } from "./specs.ts";

export type TestStatus = "pass" | "warn" | "fail";

export interface TestResult {
  test: TestDefinition;
  status: TestStatus;
  failingRows: number;
  examples: Record<string, unknown>[];
}

export const testResultsTable = "data_test_results";

/**
 * Per relation, the column sets its unique tests just passed on (whole table, no `where`): keys the
 * mart export may sort by instead of every column (export-marts.ts).
 */
export function provenUniqueKeys(results: TestResult[]): Map<string, string[][]> {
  const keys = new Map<string, string[][]>();
  for (const { test, status } of results) {
    if (test.kind !== "unique" || status !== "pass" || test.options.where !== undefined) continue;
    const key = test.column ? [test.column] : (test.options.columns as string[]);
    keys.set(test.relation, [...(keys.get(test.relation) ?? []), key]);
  }
  return keys;
}
const exampleCount = 5;

/**
 * With `partial` (a --select run), a test that reads a table this run did not build is skipped
 * rather than failed: it will run in the next full build.
 */
export async function runTests(connection: DuckDBConnection, tests: TestDefinition[], partial = false): Promise<TestResult[]> {
  const counts = new Map<TestDefinition, number>();
  for (let start = 0; start < tests.length; start += testBatchSize) {
    const batch = tests.slice(start, start + testBatchSize);
    try {
      for (const row of await queryRows(connection, failingCountsSql(batch))) counts.set(batch[Number(row.i)], Number(row.n));
      // Counted in the stored order, a unique test that found rows is run in full: a duplicate key, or only an order not kept.
      for (const test of batch.filter((t) => counts.get(t) && inOrderFailingRowsSql(t))) counts.set(test, (await countFailing(connection, test, partial))!);
    } catch {
      // One test in the batch cannot run: count them one by one, so the error names that test.
      for (const test of batch) {
        const count = await countFailing(connection, test, partial);
        if (count !== undefined) counts.set(test, count);
      }
    }
  }
  const results: TestResult[] = [];
  for (const test of tests) {
    const failingRows = counts.get(test);
    if (failingRows === undefined) continue;
    // Examples only for the tests that fail; ORDER BY ALL keeps them stable between runs.
    const examples = failingRows ? await queryRows(connection, `SELECT * FROM (${failingRowsSql(test)}) ORDER BY ALL LIMIT ${exampleCount}`) : [];
    results.push(testResult(test, failingRows, examples));
  }
  return results;
}

/** The failing-row count of one test; undefined when a partial run skips it. */
async function countFailing(connection: DuckDBConnection, test: TestDefinition, partial: boolean): Promise<number | undefined> {
  try {
    return Number((await queryRows(connection, `SELECT count(*) AS n FROM (${failingRowsSql(test)})`))[0].n);
  } catch (error) {
    const message = duckdbMessage(error).split("\n")[0];
    if (partial && /^Catalog Error: Table with name \S+ does not exist/.test(message)) return undefined;
    throw new UserError(`${displayPath(test.specFile)}: test ${test.id} could not run: ${message}`);
  }
}

/** A test's result from its failing rows and examples (run now, or kept from an earlier run). */
export function testResult(test: TestDefinition, failingRows: number, examples: Record<string, unknown>[]): TestResult {
  return { test, failingRows, examples, status: statusOf(test.severity, failingRows) };
}

function statusOf(severity: Severity, failingRows: number): TestStatus {
  if (failingRows === 0) return "pass";
  return severity === "error" ? "fail" : "warn";
}

export async function saveResults(connection: DuckDBConnection, results: TestResult[]): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE ${ident(testResultsTable)} (
    test_id VARCHAR, relation VARCHAR, column_name VARCHAR, test VARCHAR, severity VARCHAR,
    status VARCHAR, failing_rows BIGINT, example_rows VARCHAR, spec_file VARCHAR)`);
  if (!results.length) return;
  const values = results.map(({ test, status, failingRows, examples }) => `(${[
    test.id, test.relation, test.column ?? null, test.kind, test.severity, status, failingRows,
    JSON.stringify(examples, jsonSafe), displayPath(test.specFile),
  ].map(literal).join(", ")})`);
  await connection.run(`INSERT INTO ${ident(testResultsTable)} VALUES ${values.join(", ")}`);
}

/** JSON.stringify's replacer for query rows: BIGINT values as numbers. */
export function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  return value;
}

/** A readable report of failures and warnings for stderr. */
export function describeProblems(results: TestResult[]): string[] {
  return results
    .filter((r) => r.status !== "pass")
    .map(({ test, status, failingRows, examples }) => {
      const sample = examples.slice(0, 3).map((row) => `      ${JSON.stringify(row, jsonSafe)}`).join("\n");
      return `  ${status === "fail" ? "FAIL" : "WARN"} ${test.id} (${test.severity}): ${failingRows.toLocaleString("en-US")} failing row(s) [${displayPath(test.specFile)}]\n${sample}`;
    });
}
