// A model's rows, fingerprinted, to tell whether a rebuild changed them (early cutoff, run.ts): a
// model rebuilt with the same rows (a comment or a CTE rewritten, a TypeScript library or macro it
// does not use changed, a seed row nobody joins edited) leaves the models that read it as they
// were, instead of every model downstream running again.
//
// The fingerprint is the columns' names and types in order, the row count and the sum of the rows'
// hashes (DuckDB's hash of the whole row; the sum is exact, a HUGEINT). It does not depend on the
// rows' order, on which no model may depend: a declared sorted_by only lets a reader skip a sort.
// The incremental models summarise their input's partitions the same way (incremental.ts).
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, queryRows } from "./duckdb.ts";
import { sha256 } from "./hashing.ts";

export async function tableFingerprint(connection: DuckDBConnection, table: string): Promise<string> {
  // One query, since most tables are small and a query's own cost is then most of it. The type of
  // a row of no rows names every column and its type (an ENUM's values too).
  const [rows] = await queryRows(connection, `SELECT count(*) AS n, sum(hash(t)) AS h, typeof((SELECT t FROM ${ident(table)} AS t LIMIT 0)) AS columns FROM ${ident(table)} AS t`);
  return sha256(String(rows.columns), String(rows.n), String(rows.h));
}
