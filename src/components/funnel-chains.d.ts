// Types of funnel-chains.js for the TypeScript models and tests (the code itself is plain JS, shared with the page).
import type { FunnelOptions, FunnelSpec } from "./funnel-sql.js";

export interface Dictionary {
  /** Per row, the index of its value in `values`; -1 for null. */
  codes: Int32Array;
  values: string[];
}
export interface FunnelEvents {
  length: number;
  userKey: Int32Array;
  sessionKey: Int32Array;
  eventSeq: Int32Array;
  /** event_at in microseconds since 1970. */
  micros: Float64Array;
  [property: string]: unknown;
}
export interface ChainColumn {
  name: string;
  type: "INTEGER" | "TIMESTAMP" | "BIGINT" | "VARCHAR";
  /** TIMESTAMP as microseconds since 1970; VARCHAR as codes into `dictionary`. */
  values: Int32Array | Float64Array | BigInt64Array;
  dictionary?: string[];
  /** 1 where the value is not null. */
  valid: Uint8Array;
}
/** Rows as typed columns (chainColumns', countAttempts' results). */
export interface Columns {
  length: number;
  columns: ChainColumn[];
}
/** findChains' result: each start's steps as indices of the events, read by countAttempts and chainColumns. */
export interface Chains {
  length: number;
  [part: string]: unknown;
}
export function funnelEvents(
  events: { userKey: Int32Array; sessionKey: Int32Array; eventSeq: Int32Array; micros: Float64Array } & Record<string, unknown>,
  sessions?: Sessions | null,
  lookup?: SessionLookup | null,
): FunnelEvents;
export type Sessions = { sessionKey: Int32Array } & Record<string, unknown>;
/** The sessions' properties by session key, made once for events read in batches. */
export type SessionLookup = Record<string, Dictionary>;
export function sessionLookup(sessions: Sessions): SessionLookup;
/** Arrays handed out again for each result (findChains', countAttempts'): a result is valid only until the next call with the same arena. */
export interface OutputArena {
  take<T extends Int32Array | Uint8Array | Float64Array | BigInt64Array>(name: string, ArrayType: { new (size: number): T }, size: number): T;
}
export function outputArena(options?: { shared?: boolean }): OutputArena;
/** The event properties (not the session's) finding and counting the funnel's chains with these options reads. */
export function eventPropertiesRead(funnel: FunnelSpec, options?: FunnelOptions): string[];
/** Whether finding the funnel's chains reads a session property (a filter or a held value), so funnelEvents needs the sessions. */
export function readsSessionProperties(funnel: FunnelSpec): boolean;
export function findChains(funnel: FunnelSpec, events: FunnelEvents, options?: FunnelOptions, arena?: OutputArena): Chains;
/** The counted attempts of chains (countedFromChainsSql's rows): cut at the window, in the entry days, each unit's best or every attempt. */
export function countAttempts(funnel: FunnelSpec, chains: Chains, options?: FunnelOptions, arena?: OutputArena): Columns;
/** Chains as chainsSql's rows. */
export function chainColumns(chains: Chains): Columns;
export function dictionaryOfArrow(vector: unknown): Dictionary;
/** funnelEvents from the funnel_events and funnel_sessions marts as Apache Arrow tables. */
export function eventsFromArrow(events: unknown, sessions: unknown): FunnelEvents;
/** Columns (counted attempts, chains as rows) as an Apache Arrow table with their column types (`Arrow`: the apache-arrow module). */
export function columnsToArrow(chains: Columns, Arrow: unknown): unknown;
/** Whole numbers below 2^53 as 64-bit integers, without a BigInt per value. */
export function int64Words(numbers: Float64Array, into?: BigInt64Array): BigInt64Array;
/** Rows start .. start + length of `valid` as a validity bitmap (Arrow's and DuckDB's layout, whole 64-bit words). */
export function validityBitmap(valid: Uint8Array, start: number, length: number, into?: Uint8Array | null): { bitmap: Uint8Array; nullCount: number };
