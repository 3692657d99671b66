// Incremental models: a model whose rows of one partition (say, one day) depend only on the rows of
// the same partition of one input declares it in its YAML,
//
//   incremental: {input: src_events, partition: "cast(event_at as date)", column: event_date}
//
// (`partition` an expression over the input's columns, `column` the model's column that holds the
// same value, or an expression over the model's columns that gives it: "cast(invoiced_at as date)").
// When only that input changed since the model was built, the rebuild recomputes the partitions
// whose rows changed, not the whole table. What changed is found, not assumed: each partition of the
// input is summarised by its row count and the sum of its rows' hashes, kept from the last build
// (<cache>/incremental/<model>.json); a partition that is new, gone or summarised otherwise is
// recomputed. Appending a month recomputes that month's days; an edited old row recomputes its day;
// a source whose every day changed recomputes them all, as a full build would. Anything else that
// changed (the model's SQL, another input, a var, a macro) rebuilds the whole table.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, literal, queryRows, queryValue } from "./duckdb.ts";
import { UserError, writeFileNamed } from "./errors.ts";

export interface IncrementalSpec {
  /** The input whose partitions are compared: a source table or a model the model reads. */
  input: string;
  /** SQL expression over the input's columns giving a row's partition (e.g. a day). */
  partition: string;
  /** The model's column (or an expression over its columns) giving the same value for the rows computed from that partition. */
  column: string;
}

/** What the last build of a model saw: the hash of everything but its partitioned input, and that input's partitions. */
interface PartitionState {
  otherInputs: string;
  partitions: Record<string, string>;
}

/** A partition's value as text, the same for the input's expression and the model's column; "(null)" for none. */
const label = (expression: string) => `coalesce(CAST((${expression}) AS VARCHAR), '(null)')`;

const stateFile = (cacheDir: string, model: string) => join(cacheDir, "incremental", `${model}.json`);

function readState(cacheDir: string, model: string): PartitionState | undefined {
  const file = stateFile(cacheDir, model);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as PartitionState;
  } catch {
    return undefined; // a damaged file is no state: the model is rebuilt in full
  }
}

/**
 * Forgets a model's partitions before it is built: a build that fails then leaves none, and the next
 * one rebuilds the whole table.
 */
export function forgetPartitions(cacheDir: string, model: string): void {
  rmSync(stateFile(cacheDir, model), { force: true });
}

export function savePartitions(cacheDir: string, model: string, otherInputs: string, partitions: Map<string, string>): void {
  mkdirSync(join(cacheDir, "incremental"), { recursive: true });
  writeFileNamed(stateFile(cacheDir, model), JSON.stringify({ otherInputs, partitions: Object.fromEntries([...partitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } satisfies PartitionState));
}

/**
 * Each partition of the input: its row count and the sum of its rows' hashes (DuckDB's hash of the
 * whole row). The sum is exact (HUGEINT) and does not depend on the rows' order.
 */
export async function readPartitions(connection: DuckDBConnection, database: string, spec: IncrementalSpec): Promise<Map<string, string>> {
  const rows = await queryRows(connection, `SELECT ${label(spec.partition)} AS p, count(*) AS n, CAST(sum(hash(t)) AS VARCHAR) AS h FROM ${ident(database)}.main.${ident(spec.input)} AS t GROUP BY 1`);
  return new Map(rows.map((r) => [String(r.p), `${r.n}:${r.h}`]));
}

/**
 * The partitions to recompute, or undefined when the whole table must be rebuilt (no state of an
 * earlier build, or something besides the partitioned input changed).
 */
export function changedPartitions(cacheDir: string, model: string, otherInputs: string, current: Map<string, string>): string[] | undefined {
  const previous = readState(cacheDir, model);
  if (!previous || previous.otherInputs !== otherInputs) return undefined;
  const changed = [...current].filter(([p, summary]) => previous.partitions[p] !== summary).map(([p]) => p);
  const gone = Object.keys(previous.partitions).filter((p) => !current.has(p));
  return [...changed, ...gone].sort();
}

/**
 * Replaces the model's rows of `partitions` with the model's SQL run on the input's rows of those
 * partitions, in one transaction: a failure leaves the table as it was. The model reads the input
 * by its plain name, which a temporary view of the same name narrows for this connection only.
 * Returns the table's rows.
 */
export async function rebuildPartitions(connection: DuckDBConnection, database: string, model: string, sql: string, spec: IncrementalSpec, partitions: string[]): Promise<number> {
  const table = `${ident(database)}.main.${ident(model)}`;
  await connection.run("BEGIN TRANSACTION");
  try {
    await connection.run(`CREATE OR REPLACE TEMP TABLE incremental_partitions AS SELECT unnest([${partitions.map(literal).join(", ")}]::VARCHAR[]) AS p`);
    await connection.run(`CREATE OR REPLACE TEMP VIEW ${ident(spec.input)} AS SELECT * FROM ${ident(database)}.main.${ident(spec.input)} AS t WHERE ${label(spec.partition)} IN (SELECT p FROM incremental_partitions)`);
    await connection.run(`CREATE OR REPLACE TEMP TABLE incremental_rows AS ${sql}`);
    // A row outside the recomputed partitions would never be replaced again: the declaration is wrong.
    const stray = Number(await queryValue(connection, `SELECT count(*) FROM incremental_rows WHERE ${label(spec.column)} NOT IN (SELECT p FROM incremental_partitions)`));
    if (stray > 0) throw new UserError(`${model}: incremental: ${stray} row(s) computed from ${spec.input}'s changed partitions have a ${spec.column} outside them, so ${spec.column} is not the partition "${spec.partition}"; fix or remove incremental in the model's YAML`);
    await connection.run(`DELETE FROM ${table} WHERE ${label(spec.column)} IN (SELECT p FROM incremental_partitions)`);
    await connection.run(`INSERT INTO ${table} BY NAME SELECT * FROM incremental_rows`);
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK");
    throw error;
  } finally {
    await connection.run(`DROP VIEW IF EXISTS temp.main.${ident(spec.input)}`);
    await connection.run("DROP TABLE IF EXISTS temp.main.incremental_partitions");
    await connection.run("DROP TABLE IF EXISTS temp.main.incremental_rows");
  }
  return Number(await queryValue(connection, `SELECT count(*) FROM ${table}`));
}

export interface IncrementalBuild {
  connection: DuckDBConnection;
  /** The warehouse's database name (the input and the table are named with it, past the temporary view). */
  database: string;
  cacheDir: string;
  model: string;
  sql: string;
  spec: IncrementalSpec;
  /** The model's hash without its partitioned input's. */
  otherInputs: string;
  /** Whether the warehouse holds the model's table from an earlier build. */
  tableExists: boolean;
  fullRefresh: boolean;
  /** Builds the whole table; returns its rows. */
  buildAll: () => Promise<number>;
  log: (line: string) => void;
}

/** Builds an incremental model: its changed partitions when that is enough, else the whole table. Returns its rows. */
export async function buildIncremental(build: IncrementalBuild): Promise<number> {
  const { connection, database, cacheDir, model, spec } = build;
  const current = await readPartitions(connection, database, spec);
  const changed = build.tableExists && !build.fullRefresh ? changedPartitions(cacheDir, model, build.otherInputs, current) : undefined;
  forgetPartitions(cacheDir, model);
  let rows: number;
  if (changed === undefined) rows = await build.buildAll();
  else {
    build.log(`  ${model}: ${changed.length} of ${current.size} partition(s) of ${spec.input} by ${spec.partition} changed${changed.length ? `, recomputing only ${changed.length === 1 ? "it" : "them"}${changed.length <= 3 ? ` (${changed.join(", ")})` : ""}` : ""}`);
    rows = changed.length ? await rebuildPartitions(connection, database, model, build.sql, spec, changed) : Number(await queryValue(connection, `SELECT count(*) FROM ${ident(database)}.main.${ident(model)}`));
  }
  savePartitions(cacheDir, model, build.otherInputs, current);
  return rows;
}
