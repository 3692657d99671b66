// Config of a source read from several files: `path` as a list (one file per funnel step, say),
// `constants` (a fixed value for a canonical column, per source or per file), and `join` (a file
// with one row per key, e.g. per user, that fills canonical columns the files lack, such as the
// date and device of a step-table export). Parsed here so config.ts stays about the config file.
import { isAbsolute, resolve } from "node:path";
import { didYouMean, UserError } from "../pipeline/errors.ts";

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** Canonical column -> fixed text for every row of this file (cast like a raw value). */
  constants: Record<string, string>;
}

export interface SourceJoin {
  /** Absolute path of the file with one row per key. */
  path: string;
  /** The canonical column of the source rows to match, and the joined file's column holding it. */
  key: { column: string; raw: string };
  /** Canonical column -> the joined file's column that fills it. */
  columns: Record<string, string>;
  timestampFormat?: string;
}

const fileKeys = ["path", "constants"];
const joinKeys = ["path", "on", "columns", "timestamp_format"];

const absolute = (base: string, path: string) => (isAbsolute(path) ? path : resolve(base, path));

function checkKeys(object: object, allowed: string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new UserError(`${where}: unknown key "${key}".${didYouMean(key, allowed)}`);
  }
}

/** A mapping of canonical column -> text; `what` says what the values are, for the message. */
export function columnMap(value: unknown, where: string, canonicalColumns: string[], table: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new UserError(`${where} must be a mapping of ${table} columns to values`);
  const map: Record<string, string> = {};
  for (const [key, text] of Object.entries(value)) {
    if (!canonicalColumns.includes(key)) throw new UserError(`${where}: "${key}" is not a column of ${table}.${didYouMean(key, canonicalColumns)}`);
    if (typeof text === "object" && text !== null) throw new UserError(`${where}.${key} must be a single value`);
    map[key] = String(text);
  }
  return map;
}

/** `path` as a list: each entry a path, or {path, constants}. */
export function sourceFiles(list: unknown[], base: string, where: string, canonicalColumns: string[], table: string): SourceFile[] {
  if (!list.length) throw new UserError(`${where}.path is an empty list`);
  return list.map((entry, i) => {
    const at = `${where}.path[${i}]`;
    if (typeof entry === "string") return { path: absolute(base, entry), constants: {} };
    if (typeof entry !== "object" || entry === null || typeof (entry as { path?: unknown }).path !== "string") {
      throw new UserError(`${at} must be a file path or a mapping with a path`);
    }
    checkKeys(entry, fileKeys, at);
    const spec = entry as { path: string; constants?: unknown };
    return { path: absolute(base, spec.path), constants: columnMap(spec.constants, `${at}.constants`, canonicalColumns, table) };
  });
}

export function sourceJoin(spec: unknown, base: string, where: string, canonicalColumns: string[], table: string): SourceJoin {
  const at = `${where}.join`;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) throw new UserError(`${at} must be a mapping with path, on and columns`);
  checkKeys(spec, joinKeys, at);
  const join = spec as Record<string, unknown>;
  if (typeof join.path !== "string") throw new UserError(`${at}.path is missing`);
  const on = columnMap(join.on, `${at}.on`, canonicalColumns, table);
  if (Object.keys(on).length !== 1) throw new UserError(`${at}.on must name one key column, e.g. {user_id: user_id} (${table} column: the joined file's column)`);
  const columns = columnMap(join.columns, `${at}.columns`, canonicalColumns, table);
  if (!Object.keys(columns).length) throw new UserError(`${at}.columns is missing: name the ${table} columns the joined file fills, e.g. {event_at: date}`);
  const [column, raw] = Object.entries(on)[0];
  if (column in columns) throw new UserError(`${at}.columns: "${column}" is the join key and cannot also be filled from the joined file`);
  return { path: absolute(base, join.path), key: { column, raw }, columns, timestampFormat: join.timestamp_format as string | undefined };
}
