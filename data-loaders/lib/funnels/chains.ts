// The funnel chains (src/components/funnel-chains.js) in native DuckDB: the events read once into
// typed arrays, each funnel's chains found and its attempts counted in JavaScript, and the counted
// attempts written back as a temporary table that the shared SQL (attemptsFromCountedSql) reads, as
// the page does in DuckDB-wasm.
import { Worker } from "node:worker_threads";
import { DuckDBDataChunk, type DuckDBConnection } from "@duckdb/node-api";
import { eventProperties, sessionProperties } from "../../../src/components/funnel-sql.js";
import { chainColumns, countAttempts, eventPropertiesRead, findChains, funnelEvents, int64Words, readsSessionProperties, sessionLookup, validityBitmap, type Columns, type FunnelEvents } from "../../../src/components/funnel-chains.js";
import type { FunnelOptions, FunnelSpec } from "../../../src/components/funnel-sql.js";
import { ident, literal } from "../../pipeline/duckdb.ts";

/** A relation's text column as dictionary codes: its distinct values numbered, then each row's number by a hash join. */
const codeTable = (source: string, column: string) => `(select ${ident(column)} as value, (row_number() over (order by ${ident(column)}) - 1)::integer as code
    from (select distinct ${ident(column)} from ${source} where ${ident(column)} is not null))`;

/** A typed array in shared memory, which a worker thread reads where it is (counting-worker.js). */
function sharedArray(ArrayType: Int32ArrayConstructor | Float64ArrayConstructor, length: number): Int32Array | Float64Array {
  return new ArrayType(new SharedArrayBuffer(length * ArrayType.BYTES_PER_ELEMENT) as unknown as ArrayBuffer);
}

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

type NumberColumn = [string, Int32ArrayConstructor | Float64ArrayConstructor];

/**
 * Columns of `source` (aliased t) as a stream of chunks: `numbers` (SQL expressions over t; never
 * null) as they are, then `texts` as dictionary codes made in DuckDB (-1 for null), with each text
 * column's values, so no text crosses into JavaScript but each distinct value once. Sorted by
 * `orderBy`, unless `storedInOrder` (the table is stored in that order) and no text needs a join:
 * DuckDB keeps a single table's order through a SELECT (its "order preservation" rules), which a
 * join does not.
 */
async function codedStream(connection: DuckDBConnection, source: string, numbers: NumberColumn[], texts: string[], orderBy = "", storedInOrder = false) {
  // An ENUM column (funnel_events' names, pages and devices) is coded already: its enum_code, no join.
  const types = new Map((await connection.runAndReadAll(`describe select * from ${source}`)).getRowsJS().map((r) => [String(r[0]), String(r[1])]));
  const isEnum = texts.map((column) => types.get(column)?.startsWith("ENUM(") ?? false);
  const values: string[][] = [];
  for (const [j, column] of texts.entries()) {
    const sql = isEnum[j] ? `select unnest(enum_range(null::${types.get(column)}))` : `select value from ${codeTable(source, column)} order by code`;
    values.push((await connection.runAndReadAll(sql)).getRowsJS().map((r) => String(r[0])));
  }
  const coded = texts.map((c, j) => (isEnum[j] ? `coalesce(enum_code(t.${ident(c)})::integer, -1)` : `coalesce(d${j}.code, -1)`));
  const result = await connection.stream(`select ${[...numbers.map(([sql]) => sql), ...coded].join(", ")}
    from ${source} as t
    ${texts.map((c, j) => (isEnum[j] ? "" : `left join ${codeTable(source, c)} as d${j} on d${j}.value = t.${ident(c)}`)).join("\n    ")}
    ${storedInOrder && isEnum.every(Boolean) ? "" : orderBy}`);
  async function* chunks() {
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) yield chunk;
  }
  return { values, chunks: chunks() };
}

/** Columns of `source` read whole into typed arrays (codedStream's columns). */
async function readCoded(connection: DuckDBConnection, source: string, numbers: NumberColumn[], texts: string[], orderBy = "") {
  const count = Number((await connection.runAndReadAll(`select count(*) from ${source}`)).getRowsJS()[0][0]);
  const read = numbers.map(([, ArrayType]) => new ArrayType(count));
  const coded = texts.map(() => new Int32Array(count));
  const { values, chunks } = await codedStream(connection, source, numbers, texts, orderBy);
  let offset = 0;
  for await (const chunk of chunks) {
    [...read, ...coded].forEach((into, j) => readColumn(chunk, j, into, offset));
    offset += chunk.rowCount;
  }
  const dictionaries = Object.fromEntries(texts.map((column, j) => [column, { codes: coded[j], values: values[j] }]));
  return { read, dictionaries };
}

// funnel_events' columns as the chains read them, in the order user_key, session_key, event_seq, time.
const eventNumbers: NumberColumn[] = [["t.user_key", Int32Array], ["t.session_key", Int32Array], ["t.event_seq", Int32Array], ["epoch_us(t.event_at)::double", Float64Array]];
// Every text column of the events (readFunnelEvents'); the build's batches read only those its funnels use.
const allEventTexts = ["event_name", ...eventProperties.filter((p) => !sessionProperties.includes(p))];
const eventOrder = "order by t.user_key, t.event_seq";

async function readSessions(connection: DuckDBConnection, sessions: string) {
  const session = await readCoded(connection, sessions, [["t.session_key", Int32Array]], sessionProperties);
  return { sessionKey: session.read[0] as Int32Array, ...session.dictionaries };
}

/**
 * The events (funnel_events' columns, from `source`) sorted by user_key and event_seq, with the
 * sessions' properties (from `sessions`), as funnelEvents takes them.
 */
export async function readFunnelEvents(connection: DuckDBConnection, source = "funnel_events", sessions = "funnel_sessions"): Promise<FunnelEvents> {
  const events = await readCoded(connection, source, eventNumbers, allEventTexts, eventOrder);
  const [userKey, sessionKey, eventSeq, micros] = events.read;
  return funnelEvents({ userKey: userKey as Int32Array, sessionKey: sessionKey as Int32Array, eventSeq: eventSeq as Int32Array, micros: micros as Float64Array, ...events.dictionaries }, await readSessions(connection, sessions));
}

/**
 * How many events the build holds in JavaScript at a time: an eighth of the memory limit (the one
 * DuckDB is held to, in bytes) at 256 bytes per event (the events' columns, the scratch arrays, one
 * funnel's chains and counted attempts), between 65,536 and 524,288. A user's events are never
 * split, so a batch holds more when one user has more. On the 5M-line store (8.5M events),
 * int_funnel_attempts took 12.1-12.3 s and peaked at 1.67-1.69 GB RSS in batches of 524,288, against
 * 12.8-14.4 s and 2.23-2.29 GB with all events at once (one run each of 262,144: 12.4-12.8 s,
 * 1.63-1.70 GB; 1,048,576: 12.4 s, 1.77-1.83 GB; 4,194,304: 13.1-14.5 s, 2.02-2.09 GB).
 */
export function funnelBatchEvents(memoryLimitBytes: number): number {
  return Math.min(524_288, Math.max(65_536, Math.floor(memoryLimitBytes / 8 / 256)));
}

/**
 * The events as readFunnelEvents gives them, in batches of whole users of about `batchEvents`
 * each, so the memory the build holds in JavaScript does not grow with the store: one stream sorted
 * by user_key and event_seq (DuckDB sorts it within its memory limit, spilling if need be), read
 * into two sets of arrays that the batches take in turn, in shared memory (a worker thread reads a
 * batch where it is). Each batch is valid until the one after the next is asked for. At least one
 * batch comes, empty when there are no events. A user's chains and attempts depend on that
 * user's events only (a session is one user's), so counting batch by batch counts the same.
 *
 * The stream must be on a connection of its own (`reader`): a query on the connection that holds an
 * open stream closes the stream, and the counted attempts are written between batches.
 * `withSessions`: whether the sessions' properties are read too (readsSessionProperties; 0.4 s for
 * 1.75M sessions at 5M order lines, when no funnel needs them). `properties`: the event properties
 * read besides event_name (eventPropertiesRead; at 5M, draining the events without `page`, which
 * the shipped funnels do not read, took 0.91-0.97 s against 1.15-1.20 s with it).
 * `storedInOrder`: `source` is stored sorted by user_key and event_seq (sorted_by in its YAML), so
 * it is read without a sort when it can be (codedStream). At 5M, countedTablesInBatches took
 * 4.37-5.47 s against 5.87-6.19 s with the sort (one cold process each, alternated): the first batch
 * no longer waits for a sort of every event. Batches are checked to follow on in user order, and
 * funnelEvents checks each batch's own order, so an order that was not kept fails, never miscounts.
 */
async function* funnelEventBatches(reader: DuckDBConnection, batchEvents: number, withSessions: boolean, properties: string[], storedInOrder = false, source = "funnel_events", sessions = "funnel_sessions"): AsyncGenerator<FunnelEvents> {
  const lookup = withSessions ? sessionLookup(await readSessions(reader, sessions)) : null;
  const eventTexts = ["event_name", ...properties];
  const { values, chunks } = await codedStream(reader, source, eventNumbers, eventTexts, eventOrder, storedInOrder);
  const columnTypes = [...eventNumbers.map(([, ArrayType]) => ArrayType), ...eventTexts.map(() => Int32Array)];
  const arraysOf = (capacity: number) => columnTypes.map((ArrayType) => sharedArray(ArrayType, capacity));
  // Two sets of arrays taken in turn: a batch is read into one while the batch before, in the other,
  // may still be read (by countedTablesInBatches' worker).
  const sets = [arraysOf(batchEvents), arraysOf(batchEvents)];
  let current = 0;
  let filled = 0;
  // The last user of the batch before: a batch's users come after it (each batch's own order is funnelEvents').
  let lastUser = -Infinity;
  const batch = (length: number) => {
    const [userKey, sessionKey, eventSeq, micros, ...coded] = sets[current].map((a) => a.subarray(0, length));
    const dictionaries = Object.fromEntries(eventTexts.map((column, j) => [column, { codes: coded[j], values: values[j] }]));
    try {
      if (length && userKey[0] <= lastUser) throw new Error(`user_key ${userKey[0]} comes again after the events of later users`);
      if (length) lastUser = userKey[length - 1];
      return funnelEvents({ userKey: userKey as Int32Array, sessionKey: sessionKey as Int32Array, eventSeq: eventSeq as Int32Array, micros: micros as Float64Array, ...dictionaries }, null, lookup);
    } catch (error) {
      throw new Error(`${source}${storedInOrder ? ", read in its stored order (sorted_by user_key, event_seq in its YAML)," : ""} is not in user_key, event_seq order: ${(error as Error).message}`);
    }
  };
  /** Set `which` with room for `length` events, its first `keep` kept. */
  const withRoom = (which: number, length: number, keep: number) => {
    if (sets[which][0].length >= length) return;
    const grown = arraysOf(Math.max(2 * sets[which][0].length, length));
    grown.forEach((into, j) => into.set(sets[which][j].subarray(0, keep) as Int32Array & Float64Array));
    sets[which] = grown;
  };
  for await (const chunk of chunks) {
    if (filled + chunk.rowCount > sets[current][0].length) {
      // The last user's events may go on in this chunk: the users before them are handed on.
      const userKey = sets[current][0];
      let cut = filled;
      while (cut > 0 && userKey[cut - 1] === userKey[filled - 1]) cut--;
      if (cut > 0) {
        yield batch(cut);
        // The last user's events so far begin the next batch, in the other set.
        const next = 1 - current;
        withRoom(next, filled - cut + chunk.rowCount, 0);
        sets[next].forEach((into, j) => into.set(sets[current][j].subarray(cut, filled) as Int32Array & Float64Array));
        filled -= cut;
        current = next;
      }
      // One user with more events than a batch holds.
      withRoom(current, filled + chunk.rowCount, filled);
    }
    sets[current].forEach((into, j) => readColumn(chunk, j, into, filled));
    filled += chunk.rowCount;
  }
  yield batch(filled);
}

/**
 * funnelEventBatches with what `funnels` need: the event properties they read, and the sessions'
 * only when one of them reads a session property. Each batch is valid until the one after the next
 * is asked for.
 */
export function funnelEventBatchesFor(reader: DuckDBConnection, funnels: { funnel: FunnelSpec; options: FunnelOptions }[], batchEvents: number, storedInOrder = false): AsyncGenerator<FunnelEvents> {
  const properties = [...new Set(funnels.flatMap(({ funnel, options }) => eventPropertiesRead(funnel, options)))];
  const withSessions = funnels.some(({ funnel }) => readsSessionProperties(funnel));
  return funnelEventBatches(reader, batchEvents, withSessions, properties, storedInOrder);
}

/**
 * A worker thread (counting-worker.js) that finds and counts each of `counts`' funnels over one
 * batch of events at a time. `count` hands it a batch (its arrays in shared memory, not copied; the
 * sessions' lookup with the first) and resolves to each funnel's counted attempts, in `counts`'
 * order; a funnel's error comes back with its message.
 */
function countingWorker(counts: { funnel: FunnelSpec; options: FunnelOptions }[]) {
  const worker = new Worker(new URL("./counting-worker.js", import.meta.url), { workerData: { counts: counts.map(({ funnel, options }) => ({ funnel, options })) } });
  const waiting = new Map<number, { resolve: (results: Columns[]) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on("message", ({ batch, results, error }: { batch: number; results?: Columns[]; error?: string }) => {
    const answer = waiting.get(batch)!;
    waiting.delete(batch);
    if (error !== undefined) answer.reject(new Error(error));
    else answer.resolve(results!);
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the funnels' counting thread stopped (exit code ${code})`)));
  let batches = 0;
  return {
    count(events: FunnelEvents): Promise<Columns[]> {
      const batch = batches++;
      const { bySession, ...fields } = events;
      return new Promise((resolve, reject) => {
        waiting.set(batch, { resolve, reject });
        worker.postMessage({ batch, events: fields, ...(batch === 0 ? { lookup: bySession } : {}) });
      });
    },
    close: () => worker.terminate(),
  };
}

/**
 * Each funnel's counted attempts over the events read in batches of about `batchEvents`
 * (funnelEventBatches on `reader`), appended batch by batch to its temporary table on `connection`
 * (openColumnsTable, one appender per table for the whole stream). Returns how many batches there were.
 *
 * The chains are found and counted in a worker thread (countingWorker) while this thread reads the
 * next batch and appends the counted attempts of the one before: at 5M order lines, reading the
 * batches and appending took about 1.9 s, finding and counting about 2.1 s, one after the other on
 * one thread. The batches are appended in their order, so the tables are as one thread writes them.
 * `eventsSortedBy`: the columns funnel_events is stored sorted by (the model context's sortedBy);
 * by user_key, event_seq first, it is read without a sort.
 */
export async function countedTablesInBatches(connection: DuckDBConnection, reader: DuckDBConnection, counts: { table: string; funnel: FunnelSpec; options: FunnelOptions }[], batchEvents: number, eventsSortedBy: string[] = []): Promise<number> {
  let batches = 0;
  const writers: Awaited<ReturnType<typeof openColumnsTable>>[] = [];
  const append = async (results: Columns[]) => {
    for (const [i, counted] of results.entries()) {
      writers[i] ??= await openColumnsTable(connection, counts[i].table, counted);
      writers[i].append(counted);
    }
  };
  const counter = countingWorker(counts);
  try {
    // The batch before's counted attempts, appended once they come. A batch's arrays are read into
    // again two batches on (funnelEventBatches), after its attempts came back.
    let appended: Promise<void> = Promise.resolve();
    const storedInOrder = eventsSortedBy[0] === "user_key" && eventsSortedBy[1] === "event_seq";
    for await (const events of funnelEventBatchesFor(reader, counts, batchEvents, storedInOrder)) {
      const counting = counter.count(events);
      await appended;
      appended = counting.then(append);
      // Awaited in the next round or after the last; until then a failure must not count as unhandled.
      appended.catch(() => {});
      batches++;
    }
    await appended;
  } finally {
    await counter.close();
  }
  for (const writer of writers) writer.close();
  return batches;
}

const chunkSize = 2048;

/** The most values a text column's dictionary may have to go in as ENUM codes (openColumnsTable). */
export const enumValuesAtMost = 10_000;

/**
 * A vector of a chunk being written, as node-api makes it: its typed array and its validity, whose
 * mask (a BigUint64Array, null while every row is valid) flush() copies into DuckDB. Set here in one
 * piece, since node-api's setItem(r, null) clears one bit at a time with BigInts.
 */
type WritableVector = { items: Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array; validity: { data: BigUint64Array | null }; flush(): void; setItem(i: number, v: unknown): void };

/**
 * A temporary table written through one appender, a batch of columns (chainColumns', countAttempts'
 * results, all of one shape) at a time; `close` finishes it. Text columns go in as their dictionary
 * codes, into an ENUM of the dictionary's values (no string per row crosses into DuckDB), and
 * `table` is a view that gives them back as VARCHAR over the table `${table}_coded`; numbers go
 * in as the vectors' typed arrays (times as 64-bit microseconds without a BigInt per value), nulls
 * as one validity mask per chunk. Every batch must bring the same dictionaries: a batch whose
 * dictionary differs from the first one's would have its codes read as other values, so it fails.
 */
export async function openColumnsTable(connection: DuckDBConnection, table: string, shape: Columns) {
  // A dictionary with no values has no ENUM (one must have a value): that column is all null, as
  // VARCHAR. Nor has a large one: DuckDB takes about 15 µs a value to make the type from its
  // literal (300 values 5 ms, 70,000 values 0.9 s, 500,000 values 7.5 s), so those go in as text.
  const coded = shape.columns.map((c) => c.type === "VARCHAR" && c.dictionary!.length > 0 && c.dictionary!.length <= enumValuesAtMost);
  const dictionaries = shape.columns.map((c) => c.dictionary);
  const columnType = (j: number) => {
    const c = shape.columns[j];
    return coded[j] ? `ENUM(${c.dictionary!.map(literal).join(", ")})` : c.type;
  };
  // Always a view over `${table}_coded`, also without codes, so that a table written again with another shape replaces its kind of object.
  const physical = codedTable(table);
  await connection.run(`create or replace temp table ${ident(physical)} (${shape.columns.map((c, j) => `${ident(c.name)} ${columnType(j)}`).join(", ")})`);
  const cast = shape.columns.filter((_, j) => coded[j]).map((c) => `cast(${ident(c.name)} as varchar) as ${ident(c.name)}`);
  await connection.run(`create or replace temp view ${ident(table)} as select *${cast.length ? ` replace (${cast.join(", ")})` : ""} from ${ident(physical)}`);
  const types = (await connection.runAndReadAll(`select * from ${ident(physical)} limit 0`)).columnTypes();
  const appender = await connection.createAppender(physical, "main", "temp");
  // One chunk for the whole table, emptied and filled again for each 2,048 rows (the appender
  // copies a chunk's rows): a new chunk makes every column's type again, ENUMs with their values.
  let chunk: DuckDBDataChunk | null = null;
  const bitmapMemory = new Uint8Array(chunkSize / 8);
  return {
    append(columns: Columns): void {
      columns.columns.forEach((c, j) => {
        if (c.name !== shape.columns[j].name || c.type !== shape.columns[j].type) throw new Error(`${table}: column ${j + 1} is ${c.name} ${c.type}, not ${shape.columns[j].name} ${shape.columns[j].type}`);
        if (c.type === "VARCHAR" && c.dictionary !== dictionaries[j] && c.dictionary!.join("\u0000") !== dictionaries[j]!.join("\u0000")) throw new Error(`${table}: ${c.name} comes with another dictionary than the table's`);
      });
      for (let start = 0; start < columns.length; start += chunkSize) {
        const rows = Math.min(chunkSize, columns.length - start);
        if (chunk) {
          chunk.reset();
          chunk.rowCount = rows;
        }
        const filling = (chunk ??= DuckDBDataChunk.create(types, rows));
        columns.columns.forEach((c, j) => {
          const vector = filling.getColumnVector(j) as unknown as WritableVector;
          if (c.type === "VARCHAR" && !coded[j]) {
            const codes = c.values as Int32Array;
            for (let r = 0; r < rows; r++) vector.setItem(r, c.valid[start + r] ? c.dictionary![codes[start + r]] : null);
          } else {
            const part = c.values.subarray(start, start + rows);
            // An ENUM's codes go into its own width (8, 16 or 32 bits); a null's code is never read.
            if (c.type === "TIMESTAMP") int64Words(part as Float64Array, vector.items as BigInt64Array);
            else (vector.items as Int32Array).set(part as Int32Array);
            // One bitmap's memory for every column and chunk: flush() below copies it into DuckDB.
            const { bitmap, nullCount } = validityBitmap(c.valid, start, rows, bitmapMemory);
            if (nullCount) vector.validity.data = new BigUint64Array(bitmap.buffer, bitmap.byteOffset, bitmap.byteLength / 8);
          }
          vector.flush();
        });
        appender.appendDataChunk(filling);
      }
    },
    close(): void {
      appender.closeSync();
    },
  };
}

/** The table under openColumnsTable's view `table`: its text columns as ENUM codes (those it codes), not cast back to VARCHAR. */
export const codedTable = (table: string) => `${table}_coded`;

/** Columns as chainColumns and countAttempts give them, as the temporary table `table` (openColumnsTable). */
export async function writeColumns(connection: DuckDBConnection, table: string, columns: Columns): Promise<void> {
  const writer = await openColumnsTable(connection, table, columns);
  writer.append(columns);
  writer.close();
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
