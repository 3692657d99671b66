// Data test results kept between runs, so a rebuild re-runs only the tests whose answer can have
// changed. A test's answer depends on its query and on the tables it reads, and each table is
// named by its content hash (the hash the runner builds it under: a model's SQL, inputs, vars and
// macros; a seed's file; a source's files and settings). The key is that query with the hashes of
// every relation it names, the vars it reads, the shared macros and the engine, so an edit that
// can move a test's answer also moves its key. A relation named without a known hash (not built
// in a --select run) makes the test uncacheable: it runs.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { sha256 } from "../pipeline/hashing.ts";
import { varsIn } from "../pipeline/plan.ts";
import { failingRowsSql } from "./compile.ts";
import { jsonSafe, runTests, testResult, type TestResult } from "./run-tests.ts";
import type { TestDefinition } from "./specs.ts";

export interface CachedTestResult {
  failingRows: number;
  examples: Record<string, unknown>[];
}

export interface TestKeyInputs {
  /** The engine's version and the pipeline's code version (the runner's `engine`). */
  engine: string;
  /** Every relation the warehouse may hold (models, seeds, sources, the runner's own tables). */
  known: Set<string>;
  /** Content hashes of the relations this run vouches for. */
  hashes: Map<string, string>;
  vars: Record<string, unknown>;
  /** The shared SQL macros' definitions (a test's expression may call any of them). */
  macros: Record<string, string>;
}

/** A test's cache key, or null when a relation it names has no hash this run. */
export function testCacheKey(test: TestDefinition, { engine, known, hashes, vars, macros }: TestKeyInputs): string | null {
  const sql = failingRowsSql(test);
  // Every word of the query that names a relation: a superset of what it reads (a column named
  // like a table only costs a re-run), including tables in a `where` or an expression's subquery.
  const relations = [...new Set(sql.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])].filter((word) => known.has(word)).sort();
  if (relations.some((name) => !hashes.has(name))) return null;
  return sha256(
    engine, sql, test.severity,
    ...relations.map((name) => `${name}=${hashes.get(name)}`),
    ...varsIn(sql).sort().map((name) => `${name}=${JSON.stringify(vars[name] ?? null)}`),
    JSON.stringify(Object.entries(macros).sort(([a], [b]) => a.localeCompare(b))),
  );
}

/**
 * runTests for the tests whose key the file at `file` does not hold; the others keep the result
 * kept there. Writes the file anew: a --select run (`partial`) adds to it, a full run keeps
 * exactly its own tests. `fresh` (--full-refresh) runs every test. Results in `tests`' order;
 * `kept` counts those not run.
 */
export async function runTestsKeepingResults(
  connection: DuckDBConnection,
  tests: TestDefinition[],
  { file, keyInputs, partial, fresh }: { file: string; keyInputs: TestKeyInputs; partial: boolean; fresh: boolean },
): Promise<{ results: TestResult[]; kept: number }> {
  const cache = fresh ? new Map<string, CachedTestResult>() : readTestCache(file);
  const keys = new Map(tests.map((test) => [test, testCacheKey(test, keyInputs)]));
  const keptResult = (test: TestDefinition) => { const key = keys.get(test); return key ? cache.get(key) : undefined; };
  const ran = new Map((await runTests(connection, tests.filter((test) => !keptResult(test)), partial)).map((r) => [r.test, r]));
  const results = tests.flatMap((test) => {
    const kept = keptResult(test);
    if (kept) return [testResult(test, kept.failingRows, kept.examples)];
    return ran.has(test) ? [ran.get(test)!] : []; // a partial run skips a test of a table it did not build
  });
  const next = new Map(partial ? cache : []);
  for (const r of results) { const key = keys.get(r.test); if (key) next.set(key, { failingRows: r.failingRows, examples: r.examples }); }
  writeTestCache(file, next);
  return { results, kept: results.length - ran.size };
}

export function readTestCache(file: string): Map<string, CachedTestResult> {
  if (!existsSync(file)) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, CachedTestResult>));
  } catch {
    return new Map(); // unreadable (a run killed while writing it): every test runs again
  }
}

/** Writes the entries whole, through a temporary file, so a killed run leaves the old file or the new one. */
export function writeTestCache(file: string, entries: Map<string, CachedTestResult>): void {
  const sorted = Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(`${file}.tmp`, JSON.stringify(sorted, jsonSafe));
  renameSync(`${file}.tmp`, file);
}
