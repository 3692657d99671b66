// The funnel chains (src/components/funnel-chains.js) in native DuckDB: the events read once into
// typed arrays, each funnel's chains found in JavaScript and written back as a temporary table that
// the shared SQL (attemptsFromChainsSql) reads, as the page does in DuckDB-wasm.
import { DuckDBDataChunk, BIGINT, INTEGER, TIMESTAMP, VARCHAR, type DuckDBConnection } from "@duckdb/node-api";
import { eventProperties, sessionProperties } from "../../../src/components/funnel-sql.js";
import { findChains, funnelEvents, int64Words, type Chains, type FunnelEvents } from "../../../src/components/funnel-chains.js";
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
 * The events (funnel_events' columns, from `source`) sorted by user_key and event_seq, with the
 * sessions' properties (from `sessions`), as funnelEvents takes them. Text columns come as codes
 * from DuckDB, so no text crosses into JavaScript but each distinct value once.
 */
export async function readFunnelEvents(connection: DuckDBConnection, source = "funnel_events", sessions = "funnel_sessions"): Promise<FunnelEvents> {
  const count = Number((await connection.runAndReadAll(`select count(*) from ${source}`)).getRowsJS()[0][0]);
  const eventText = ["event_name", ...eventProperties.filter((p) => !sessionProperties.includes(p))];
  const dictionaries: Record<string, string[]> = {};
  for (const column of eventText) {
    dictionaries[column] = (await connection.runAndReadAll(`select value from ${codeTable(source, column)} order by code`)).getRowsJS().map((r) => String(r[0]));
  }
  const userKey = new Int32Array(count);
  const sessionKey = new Int32Array(count);
  const eventSeq = new Int32Array(count);
  const micros = new Float64Array(count);
  const codes = eventText.map(() => new Int32Array(count));
  const result = await connection.stream(`select e.user_key, e.session_key, e.event_seq, epoch_us(e.event_at)::double,
      ${eventText.map((c, j) => `coalesce(d${j}.code, -1)`).join(", ")}
    from ${source} as e
    ${eventText.map((c, j) => `left join ${codeTable(source, c)} as d${j} on d${j}.value = e.${ident(c)}`).join("\n    ")}
    order by e.user_key, e.event_seq`);
  let offset = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    readColumn(chunk, 0, userKey, offset);
    readColumn(chunk, 1, sessionKey, offset);
    readColumn(chunk, 2, eventSeq, offset);
    readColumn(chunk, 3, micros, offset);
    codes.forEach((into, j) => readColumn(chunk, 4 + j, into, offset));
    offset += chunk.rowCount;
  }
  const events = Object.fromEntries(eventText.map((c, j) => [c, { codes: codes[j], values: dictionaries[c] }]));
  // Sessions: their key and properties, coded the same way.
  const sessionCount = Number((await connection.runAndReadAll(`select count(*) from ${sessions}`)).getRowsJS()[0][0]);
  const sessionColumns: Record<string, { codes: Int32Array; values: string[] }> = {};
  const keys = new Int32Array(sessionCount);
  const sessionCodes = sessionProperties.map(() => new Int32Array(sessionCount));
  for (const column of sessionProperties) {
    sessionColumns[column] = { codes: sessionCodes[sessionProperties.indexOf(column)], values: (await connection.runAndReadAll(`select value from ${codeTable(sessions, column)} order by code`)).getRowsJS().map((r) => String(r[0])) };
  }
  const sessionResult = await connection.stream(`select s.session_key, ${sessionProperties.map((_, j) => `coalesce(d${j}.code, -1)`).join(", ")}
    from ${sessions} as s
    ${sessionProperties.map((c, j) => `left join ${codeTable(sessions, c)} as d${j} on d${j}.value = s.${ident(c)}`).join("\n    ")}`);
  offset = 0;
  for (let chunk = await sessionResult.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await sessionResult.fetchChunk()) {
    readColumn(chunk, 0, keys, offset);
    sessionCodes.forEach((into, j) => readColumn(chunk, 1 + j, into, offset));
    offset += chunk.rowCount;
  }
  return funnelEvents({ userKey, sessionKey, eventSeq, micros, ...events }, { sessionKey: keys, ...sessionColumns });
}

const chunkSize = 2048;

/**
 * Chains (findChains' columns) as the temporary table `table`, with chainsSql's column types:
 * written chunk by chunk through the appender, numbers copied into each chunk's typed arrays
 * (times from microseconds without a BigInt per value), text value by value.
 */
export async function writeChains(connection: DuckDBConnection, table: string, chains: Chains): Promise<void> {
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
        for (let r = 0; r < rows; r++) vector.setItem(r, valid[start + r] ? c.values[start + r] : null);
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

/** One funnel's chains found over `events` and written as the temporary table `table`. */
export async function chainsTable(connection: DuckDBConnection, table: string, funnel: FunnelSpec, events: FunnelEvents, options: FunnelOptions): Promise<void> {
  await writeChains(connection, table, findChains(funnel, events, options));
}
