// The funnel queries as the build and the page run them, for the hand-worked fixtures: each start's
// steps found and the attempts counted in JavaScript (src/components/funnel-chains.js) over the
// fixture database's events and written to it, then the shared SQL (funnel-sql.js's
// attemptsFromCountedSql and *FromAttemptsSql) on them.
// The same shapes as funnel-sql.js's all-SQL attemptsSql, stepsSql, ... (the rules' SQL form, which
// test/funnels/funnel-chains.test.ts compares with these chains), with the database to write to first.
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  attemptsFromCountedSql, dropoffsFromAttemptsSql, stepsFromAttemptsSql, timeToConvertFromAttemptsSql, trendFromAttemptsSql, type FunnelOptions, type FunnelSpec,
} from "../../src/components/funnel-sql.js";
import { productionCounted } from "./helpers.ts";

let tables = 0;

/** The counted attempts (attemptsSql's rows) of `funnel`, counted in JavaScript. */
export async function attemptsSql(db: DuckDBConnection, funnel: FunnelSpec, options: FunnelOptions = {}): Promise<string> {
  const table = `production_counted_${++tables}`;
  await productionCounted(db, table, funnel, options);
  return attemptsFromCountedSql(funnel, table, options);
}

export async function stepsSql(db: DuckDBConnection, funnel: FunnelSpec, options: FunnelOptions = {}): Promise<string> {
  return stepsFromAttemptsSql(funnel, `(${await attemptsSql(db, funnel, { ...options, withIds: false })})`, options);
}

export async function timeToConvertSql(db: DuckDBConnection, funnel: FunnelSpec, options: FunnelOptions = {}): Promise<string> {
  return timeToConvertFromAttemptsSql(funnel, `(${await attemptsSql(db, funnel, options)})`);
}

export async function trendSql(db: DuckDBConnection, funnel: FunnelSpec, options: FunnelOptions = {}): Promise<string> {
  return trendFromAttemptsSql(funnel, `(${await attemptsSql(db, funnel, options)})`, options);
}

export async function dropoffsSql(db: DuckDBConnection, funnel: FunnelSpec, options: FunnelOptions = {}): Promise<string> {
  return dropoffsFromAttemptsSql(funnel, `(${await attemptsSql(db, funnel, { ...options, dropoffs: true })})`, options.source ?? "funnel_events", options.sessions ?? "funnel_sessions");
}
