// What a raw file looks like to the loader, and which preset would read it: the columns and types
// DuckDB sees, every preset scored by how many of its raw columns the file has, and a config
// snippet for the best one (npm run sources -- inspect FILE). Presets that name their own columns
// (headerless formats such as CDNOW's log) match on the number of fields and their shapes.
import { statSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { stringify } from "yaml";
import { duckdbMessage, queryRows } from "../pipeline/duckdb.ts";
import { UserError } from "../pipeline/errors.ts";
import { displayPath } from "../pipeline/paths.ts";
import { canonicalTables, type CanonicalTableName } from "./canonical.ts";
import { presets, type Preset } from "./presets.ts";
import { nestedName, rawFormat, readExpression } from "./raw-file.ts";

export interface SeenColumn {
  name: string;
  type: string;
}

export interface PresetMatch {
  table: CanonicalTableName;
  preset: string;
  /** Raw columns the preset names that the file has, and those it lacks (required ones only). */
  found: string[];
  missing: string[];
  /** Share of the preset's required raw columns the file has (1: it reads as is). */
  score: number;
}

export interface Inspection {
  file: string;
  format: string;
  columns: SeenColumn[];
  /** Present when the file has no header and its fields are separated by runs of spaces. */
  whitespaceFields?: number;
  matches: PresetMatch[];
  best?: PresetMatch;
  snippet?: string;
}

/** The columns DuckDB's sniffer sees (CSV) or the file declares (Parquet). */
async function seenColumns(connection: DuckDBConnection, path: string): Promise<SeenColumn[]> {
  const rows = await queryRows(connection, `DESCRIBE SELECT * FROM ${readExpression(path)}`);
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

/** Fields per line when the file reads as whitespace-separated with no header (every line the same count), else undefined. */
async function whitespaceShape(connection: DuckDBConnection, path: string): Promise<number | undefined> {
  if (rawFormat(path) === "parquet") return undefined;
  const rows = await queryRows(connection, `SELECT min(n) AS low, max(n) AS high, bool_and(numeric) AS numeric FROM (
      SELECT len(regexp_split_to_array(trim(line), '\\s+')) AS n, regexp_full_match(trim(line), '[0-9.\\s-]+') AS numeric
      FROM read_csv(${`'${path.replaceAll("'", "''")}'`}, header = false, delim = '\x01', quote = '', escape = '', columns = {'line': 'VARCHAR'})
      WHERE trim(line) <> '' LIMIT 1000)`);
  const { low, high, numeric } = rows[0] ?? {};
  return low !== null && Number(low) > 1 && Number(low) === Number(high) && numeric ? Number(low) : undefined;
}

function scorePreset(table: CanonicalTableName, name: string, preset: Preset, columns: SeenColumn[], whitespaceFields?: number): PresetMatch {
  const names = preset.layout?.column_names as string[] | undefined;
  const required = canonicalTables[table].columns.filter((c) => !c.optional).map((c) => preset.columns[c.name]).filter((raw): raw is string => typeof raw === "string");
  if (names) {
    // A headerless format: it fits when the file has exactly its number of fields.
    const fits = whitespaceFields === names.length;
    return { table, preset: name, found: fits ? required : [], missing: fits ? [] : required, score: fits ? 1 : 0 };
  }
  const seen = new Set(columns.map((c) => c.name.toLowerCase()));
  // A nested field of a JSON lines file ("event_properties.$revenue") is there when its object is.
  const has = (raw: string) => seen.has(raw.toLowerCase()) || (!!nestedName(raw) && seen.has(nestedName(raw)!.head.toLowerCase()));
  const found = required.filter(has);
  return { table, preset: name, found, missing: required.filter((raw) => !has(raw)), score: required.length ? found.length / required.length : 0 };
}

/** `shownPath`: the path as the user typed it, for the config snippet. */
export async function inspectFile(connection: DuckDBConnection, path: string, shownPath = path): Promise<Inspection> {
  const file = displayPath(path);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UserError(`${file}: file not found`);
  }
  if (stat.isDirectory()) throw new UserError(`${file}: is a folder; inspect one of its files`);
  const whitespaceFields = await whitespaceShape(connection, path).catch(() => undefined);
  let columns: SeenColumn[];
  try {
    columns = await seenColumns(connection, path);
  } catch (error) {
    throw new UserError(`${file}: could not be read as ${rawFormat(path).toUpperCase()}: ${duckdbMessage(error).split("\n")[0]}`);
  }
  const matches = (Object.entries(presets) as [CanonicalTableName, Record<string, Preset>][])
    .flatMap(([table, byName]) => Object.entries(byName).map(([name, preset]) => scorePreset(table, name, preset, columns, whitespaceFields)))
    .sort((a, b) => b.score - a.score || b.found.length - a.found.length || a.table.localeCompare(b.table) || a.preset.localeCompare(b.preset));
  const best = matches[0]?.score > 0 ? matches[0] : undefined;
  const snippet = best ? configSnippet(best, shownPath) : undefined;
  return { file, format: rawFormat(path), columns, ...(whitespaceFields ? { whitespaceFields } : {}), matches, best, snippet };
}

/** A sources entry that reads the file with the best preset; a required column the file lacks is left for the user to map. */
function configSnippet(match: PresetMatch, path: string): string {
  const entry: Record<string, unknown> = { path, preset: match.preset };
  if (match.missing.length) {
    const preset = presets[match.table][match.preset];
    entry.columns = Object.fromEntries(Object.entries(preset.columns).filter(([, raw]) => raw && match.missing.includes(raw)).map(([canonical]) => [canonical, "<column of this file>"]));
  }
  return stringify({ sources: { [match.table]: entry } });
}

export function formatInspection(result: Inspection): string {
  const lines = [`${result.file} (${result.format})`, "", "Columns as DuckDB reads them:"];
  for (const c of result.columns) lines.push(`  ${c.name.padEnd(28)} ${c.type}`);
  if (result.whitespaceFields) lines.push("", `Every line holds ${result.whitespaceFields} fields separated by spaces and no header: read it with delimiter: whitespace and column_names.`);
  lines.push("", "Presets, best first (share of the preset's required columns this file has):");
  for (const m of result.matches.filter((m) => m.score > 0).slice(0, 5)) {
    lines.push(`  ${`${m.table} / ${m.preset}`.padEnd(44)} ${(100 * m.score).toFixed(0).padStart(3)}%${m.missing.length ? `  lacks ${m.missing.join(", ")}` : ""}`);
  }
  if (!result.best) {
    lines.push("  none fits: map the columns yourself with the canonical preset and columns: (README, Point it at your own data)");
  } else {
    lines.push("", result.best.missing.length ? "A config that starts from it (map what it lacks):" : "A config that reads it:", "", ...result.snippet!.trimEnd().split("\n").map((l) => `  ${l}`));
  }
  return lines.join("\n");
}
