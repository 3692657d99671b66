// Incremental models: a model whose rows of one partition (a day, a user) depend only on the rows
// of the same partition of one input declares it in its YAML,
//
//   incremental: {input: src_events, partition: "cast(event_at as date)", column: event_date}
//
// (`partition` an expression over the input's columns, `column` the model's column that holds the
// same value, or an expression over the model's columns that gives it: "cast(invoiced_at as date)").
// When only that input changed since the model was built, the rebuild recomputes the partitions
// whose rows changed, not the whole table. What changed is found, not assumed: each partition of the
// input is summarised by its row count and the sum of its rows' hashes, kept from the last build in
// the warehouse (table _partitions__<model>, written in the same transaction as the model's rows); a
// partition that is new, gone or summarised otherwise is recomputed. Appending a month recomputes
// that month's days; an edited old row recomputes its day; a source whose every day changed
// recomputes them all, as a full build would. Anything else that changed (the model's SQL, another
// input, a var, a macro) rebuilds the whole table.
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, literal, queryRows, queryValue } from "./duckdb.ts";
import { UserError } from "./errors.ts";

export interface IncrementalSpec {
  /** The input whose partitions are compared: a source table or a model the model reads. */
  input: string;
  /** SQL expression over the input's columns giving a row's partition (e.g. a day). */
  partition: string;
  /** The model's column (or an expression over its columns) giving the same value for the rows computed from that partition. */
  column: string;
}

/** Warehouse tables holding each incremental model's partitions as last built. */
export const partitionTablePrefix = "_partitions__";

export interface IncrementalBuild {
  connection: DuckDBConnection;
  /** The warehouse's database name (the input and the table are named with it, past the temporary view). */
  database: string;
  model: string;
  sql: string;
  spec: IncrementalSpec;
  /** The model's hash without its partitioned input's: the partitions kept apply only while it is the same. */
  otherInputs: string;
  fullRefresh: boolean;
  log: (line: string) => void;
}

/** A partition's value as text, the same for the input's expression and the model's column; "(null)" for none. */
const label = (expression: string) => `coalesce(CAST((${expression}) AS VARCHAR), '(null)')`;

/**
 * Builds an incremental model: its changed partitions when the partitions of its last build apply,
 * else the whole table; the model's rows and its partitions change in one transaction, so a failure
 * leaves both as they were. Returns the table's rows.
 */
export async function buildIncremental(build: IncrementalBuild): Promise<number> {
  const { connection, database, model, spec } = build;
  const table = `${ident(database)}.main.${ident(model)}`;
  const input = `${ident(database)}.main.${ident(spec.input)}`;
  const kept = `${ident(database)}.main.${ident(partitionTablePrefix + model)}`;
  // The input's partitions now: rows and the sum of their hashes (DuckDB's hash of the whole row;
  // the sum is exact, a HUGEINT, and does not depend on the rows' order).
  await connection.run(`CREATE OR REPLACE TEMP TABLE incremental_current AS SELECT ${label(spec.partition)} AS p, CAST(count(*) AS VARCHAR) || ':' || CAST(sum(hash(t)) AS VARCHAR) AS summary FROM ${input} AS t GROUP BY 1`);
  const applies = !build.fullRefresh && (await keptPartitionsApply(connection, database, model, build.otherInputs));
  await connection.run("BEGIN TRANSACTION");
  try {
    let rows: number;
    if (!applies) {
      // Same line as the SELECT, so DuckDB's "LINE n" matches the model's file.
      rows = Number(await queryValue(connection, `CREATE OR REPLACE TABLE ${table} AS ${build.sql}`));
    } else {
      await connection.run(`CREATE OR REPLACE TEMP TABLE incremental_partitions AS SELECT p FROM incremental_current AS now FULL JOIN ${kept} AS before USING (p) WHERE now.summary IS DISTINCT FROM before.summary`);
      const changed = (await queryRows(connection, "SELECT p FROM incremental_partitions ORDER BY p")).map((r) => String(r.p));
      const all = Number(await queryValue(connection, "SELECT count(*) FROM incremental_current"));
      build.log(`  ${model}: ${changed.length} of ${all} partition(s) of ${spec.input} by ${spec.partition} changed${changed.length ? `, recomputing only ${changed.length === 1 ? "it" : "them"}${changed.length <= 3 ? ` (${changed.join(", ")})` : ""}` : ""}`);
      if (changed.length) await replacePartitions(connection, database, table, build.sql, spec, model);
      rows = Number(await queryValue(connection, `SELECT count(*) FROM ${table}`));
    }
    await connection.run(`CREATE OR REPLACE TABLE ${kept} AS SELECT ${literal(build.otherInputs)} AS other_inputs, p, summary FROM incremental_current`);
    await connection.run("COMMIT");
    return rows;
  } catch (error) {
    await connection.run("ROLLBACK");
    throw error;
  } finally {
    for (const name of ["incremental_current", "incremental_partitions", "incremental_rows"]) await connection.run(`DROP TABLE IF EXISTS temp.main.${name}`);
  }
}

/** Whether the partitions kept from the model's last build describe its table: kept, with the same other inputs. */
async function keptPartitionsApply(connection: DuckDBConnection, database: string, model: string, otherInputs: string): Promise<boolean> {
  const tables = await queryRows(connection, `SELECT table_name FROM duckdb_tables() WHERE database_name = ${literal(database)} AND schema_name = 'main' AND table_name IN (${literal(model)}, ${literal(partitionTablePrefix + model)})`);
  if (tables.length < 2) return false;
  const kept = await queryRows(connection, `SELECT DISTINCT other_inputs FROM ${ident(database)}.main.${ident(partitionTablePrefix + model)}`);
  return kept.length === 1 && kept[0].other_inputs === otherInputs;
}

/**
 * Replaces the model's rows of the partitions in incremental_partitions with the model's SQL run on
 * the input's rows of those partitions. The model reads the input by its plain name, which a
 * temporary view of the same name narrows for this connection only.
 */
async function replacePartitions(connection: DuckDBConnection, database: string, table: string, sql: string, spec: IncrementalSpec, model: string): Promise<void> {
  await connection.run(`CREATE OR REPLACE TEMP VIEW ${ident(spec.input)} AS SELECT * FROM ${ident(database)}.main.${ident(spec.input)} AS t WHERE ${label(spec.partition)} IN (SELECT p FROM incremental_partitions)`);
  try {
    await connection.run(`CREATE OR REPLACE TEMP TABLE incremental_rows AS ${sql}`);
  } finally {
    await connection.run(`DROP VIEW IF EXISTS temp.main.${ident(spec.input)}`);
  }
  // A row outside the recomputed partitions would never be replaced again: the declaration is wrong.
  const stray = Number(await queryValue(connection, `SELECT count(*) FROM incremental_rows WHERE ${label(spec.column)} NOT IN (SELECT p FROM incremental_partitions)`));
  if (stray > 0) throw new UserError(`${model}: incremental: ${stray} row(s) computed from ${spec.input}'s changed partitions have a ${spec.column} outside them, so ${spec.column} is not the partition "${spec.partition}"; fix or remove incremental in the model's YAML`);
  await connection.run(`DELETE FROM ${table} WHERE ${label(spec.column)} IN (SELECT p FROM incremental_partitions)`);
  await connection.run(`INSERT INTO ${table} BY NAME SELECT * FROM incremental_rows`);
}
