// The funnel chains (src/components/funnel-chains.js) in native DuckDB: the events read once into
// typed arrays, each funnel's chains found and its attempts counted in JavaScript, and the counted
// attempts written back as a temporary table that the shared SQL (attemptsFromCountedSql) reads, as
// the page does in DuckDB-wasm.
import { DuckDBDataChunk, BIGINT, INTEGER, TIMESTAMP, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";
import { eventProperties, sessionProperties } from "../../../src/components/funnel-sql.js";
import { chainColumns, countAttempts, findChains, funnelEvents, int64Words, type Columns, type FunnelEvents } from "../../../src/components/funnel-chains.js";
import type { FunnelOptions, FunnelSpec } from "../../../src/components/funnel-sql.js";
import { ident } from "../../pipeline/duckdb.ts";

/** A relation's text column as dictionary codes: its distinct values numbered, then each row's number by a hash join. */
const codeTable = (source: string, column: string) => `(select ${ident(column)} as value, (row_number() over (order by ${ident(column)}) - 1)::integer as code
    from (select distinct ${ident(column)} from ${source} where ${ident(column)} is not null))`;

/** Every value of a chunk's column (INTEGER or BIGINT as numbers) into `into` from `offset`. */
function readColumn(chunk: DuckDBDataChunk, index: number, into: Int32Array | Float64Array, offset: number): void {
  const vector = chunk.getColumnVector(index);
  // The vector's own typed array when it is of the same type (the columns read here have no nulls).
  const items = (vector as unknown as { items?: unknown }).items;
  if (items instanceof into.constructor && (items as Int32Array).length === chunk.rowCount) {
    into.set(items as Int32Array & Float64Array, offset);
    return;
  }
  for (let r = 0; r < chunk.rowCount; r++) {
    const v = vector.getItem(r);
    into[offset + r] = v === null ? -1 : Number(v);
  }
}

/**
 * Columns of `source` (aliased t) read chunk by chunk into typed arrays: `numbers` (an SQL
 * expression over t and its array type; never null) as they are, `texts` as dictionary codes made in DuckDB (-1 for null) with their
 * values, so no text crosses into JavaScript but each distinct value once.
 */
async function readCoded(connection: DuckDBConnection, source: string, numbers: [string, Int32ArrayConstructor | Float64ArrayConstructor][], texts: string[], orderBy = "") {
  const count = Number((await connection.runAndReadAll(`select count(*) from ${source}`)).getRowsJS()[0][0]);
  const read = numbers.map(([, ArrayType]) => new ArrayType(count));
  const coded = texts.map(() => new Int32Array(count));
  const dictionaries: Record<string, { codes: Int32Array; values: string[] }> = {};
  for (const [j, column] of texts.entries()) {
    const values = (await connection.runAndReadAll(`select value from ${codeTable(source, column)} order by code`)).getRowsJS().map((r) => String(r[0]));
    dictionaries[column] = { codes: coded[j], values };
  }
  const result = await connection.stream(`select ${[...numbers.map(([sql]) => sql), ...texts.map((_, j) => `coalesce(d${j}.code, -1)`)].join(", ")}
    from ${source} as t
    ${texts.map((c, j) => `left join ${codeTable(source, c)} as d${j} on d${j}.value = t.${ident(c)}`).join("\n    ")}
    ${orderBy}`);
  let offset = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    [...read, ...coded].forEach((into, j) => readColumn(chunk, j, into, offset));
    offset += chunk.rowCount;
  }
  return { read, dictionaries };
}

/**
 * The events (funnel_events' columns, from `source`) sorted by user_key and event_seq, with the
 * sessions' properties (from `sessions`), as funnelEvents takes them.
 */
export async function readFunnelEvents(connection: DuckDBConnection, source = "funnel_events", sessions = "funnel_sessions"): Promise<FunnelEvents> {
  const eventText = ["event_name", ...eventProperties.filter((p) => !sessionProperties.includes(p))];
  const events = await readCoded(connection, source, [["t.user_key", Int32Array], ["t.session_key", Int32Array], ["t.event_seq", Int32Array], ["epoch_us(t.event_at)::double", Float64Array]], eventText, "order by t.user_key, t.event_seq");
  const [userKey, sessionKey, eventSeq, micros] = events.read;
  const session = await readCoded(connection, sessions, [["t.session_key", Int32Array]], sessionProperties);
  return funnelEvents(
    { userKey: userKey as Int32Array, sessionKey: sessionKey as Int32Array, eventSeq: eventSeq as Int32Array, micros: micros as Float64Array, ...events.dictionaries },
    { sessionKey: session.read[0] as Int32Array, ...session.dictionaries },
  );
}

const chunkSize = 2048;

/**
 * Columns as chainColumns and countAttempts give them, as the temporary table `table` with their types:
 * written chunk by chunk through the appender, numbers copied into each chunk's typed arrays
 * (times from microseconds without a BigInt per value), text value by value.
 */
export async function writeColumns(connection: DuckDBConnection, table: string, chains: Columns): Promise<void> {
  const types = chains.columns.map((c) => ({ INTEGER, BIGINT, TIMESTAMP, VARCHAR })[c.type]);
  await connection.run(`create or replace temp table ${ident(table)} (${chains.columns.map((c) => `${ident(c.name)} ${c.type}`).join(", ")})`);
  const appender = await connection.createAppender(table, "main", "temp");
  for (let start = 0; start < chains.length; start += chunkSize) {
    const rows = Math.min(chunkSize, chains.length - start);
    const chunk = DuckDBDataChunk.create(types, rows);
    chains.columns.forEach((c, j) => {
      const vector = chunk.getColumnVector(j) as unknown as { items?: Int32Array | BigInt64Array; setItem(i: number, v: unknown): void; flush(): void };
      const { valid } = c;
      if (c.type === "VARCHAR") {
        const codes = c.values as Int32Array;
        for (let r = 0; r < rows; r++) vector.setItem(r, valid[start + r] ? c.dictionary![codes[start + r]] : null);
      } else {
        const part = (c.values as Int32Array | Float64Array | BigInt64Array).subarray(start, start + rows);
        // The vector's own typed array: INTEGER and BIGINT as they are, times as 64-bit microseconds.
        if (c.type === "TIMESTAMP") (vector.items as BigInt64Array).set(int64Words(part as Float64Array));
        else (vector.items as Int32Array).set(part as Int32Array);
        for (let r = 0; r < rows; r++) if (!valid[start + r]) vector.setItem(r, null);
      }
      vector.flush();
    });
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}

/** One funnel's chains found over `events` and written as the temporary table `table` (chainsSql's rows). */
export async function chainsTable(connection: DuckDBConnection, table: string, funnel: FunnelSpec, events: FunnelEvents, options: FunnelOptions): Promise<void> {
  await writeColumns(connection, table, chainColumns(findChains(funnel, events, options)));
}

/**
 * One funnel's counted attempts (countedFromChainsSql's rows) found over `events` and written as the
 * temporary table `table`. `chainOptions`: the options the chains are found with, when they differ
 * (as a page's kept chains serve other breakdowns and entry days).
 */
export async function countedTable(connection: DuckDBConnection, table: string, funnel: FunnelSpec, events: FunnelEvents, options: FunnelOptions, chainOptions = options): Promise<void> {
  await writeColumns(connection, table, countAttempts(funnel, findChains(funnel, events, chainOptions), options));
}
