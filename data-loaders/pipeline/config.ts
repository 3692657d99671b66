// Reads the documented config file (analytics.config.yml by default) and applies per-run
// overrides from flags and environment variables, so `npm run build` (which cannot take flags
// through Framework) and `npm run marts -- --source ...` behave the same.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";
import { canonicalTables, type CanonicalTableName } from "../sources/canonical.ts";
import { presets } from "../sources/presets.ts";
import { columnMap, sourceFiles, sourceJoin, type SourceFile, type SourceJoin } from "../sources/combined-config.ts";
import { didYouMean, UserError } from "./errors.ts";
import { cacheRoot, defaultConfigPath, displayPath } from "./paths.ts";

export type VarValue = string | number | boolean | null;

export interface SourceConfig {
  table: CanonicalTableName;
  /** Absolute path of the raw file (the first one when `files` is set). */
  path: string;
  /** Set when `path` lists several files: each read with the same preset, then stacked. */
  files?: SourceFile[];
  /** Canonical column -> fixed text for every row (per file: SourceFile.constants). */
  constants?: Record<string, string>;
  /** A file with one row per key (e.g. per user) that fills columns the files lack. */
  join?: SourceJoin;
  preset: string;
  /** Canonical column -> raw column, overriding the preset's mapping. */
  columns: Record<string, string>;
  /** strptime format for timestamps written in a non-ISO way, e.g. "%m/%d/%Y %H:%M". */
  timestampFormat?: string;
  /** Where this source was configured, for error messages. */
  origin: string;
}

export interface GenerateConfig {
  outDir: string;
  seed: number;
  customers?: number;
  orderLines?: number;
  months?: number;
  startDate?: string;
}

export interface ProjectConfig {
  /** Short name; the warehouse and marts of each config are cached apart. */
  name: string;
  configPath: string;
  cacheDir: string;
  generate?: GenerateConfig;
  sources: Partial<Record<CanonicalTableName, SourceConfig>>;
  vars: Record<string, VarValue>;
}

export interface ConfigOverrides {
  configPath?: string;
  /** "table=path" or "table=path#preset" */
  sources?: string[];
  /** "name=value" */
  vars?: string[];
  env?: NodeJS.ProcessEnv;
}

const topLevelKeys = ["name", "generate", "sources", "vars"];
const sourceKeys = ["path", "preset", "columns", "timestamp_format", "constants", "join"];
const generateKeys = ["out", "seed", "customers", "order_lines", "months", "start_date"];

export function loadConfig(overrides: ConfigOverrides = {}): ProjectConfig {
  const env = overrides.env ?? process.env;
  const configPath = resolve(overrides.configPath ?? env.ANALYTICS_CONFIG ?? defaultConfigPath);
  const shown = displayPath(configPath);
  if (!existsSync(configPath)) throw new UserError(`Config file not found: ${shown}`);
  let raw: Record<string, unknown>;
  try {
    raw = (parse(readFileSync(configPath, "utf8")) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`${shown}: not valid YAML: ${(error as Error).message}`);
  }
  checkKeys(raw, topLevelKeys, shown);
  const base = dirname(configPath);
  const name = String(raw.name ?? defaultName(configPath));
  if (!/^[\w.-]+$/.test(name)) throw new UserError(`${shown}: name "${name}" may use letters, digits, '.', '_' and '-' only`);

  const sources: ProjectConfig["sources"] = {};
  for (const [table, spec] of Object.entries((raw.sources ?? {}) as Record<string, Record<string, unknown>>)) {
    const where = `${shown}: sources.${table}`;
    const tableName = checkTable(table, where);
    if (typeof spec !== "object" || spec === null) throw new UserError(`${where} must be a mapping with a path`);
    checkKeys(spec, sourceKeys, where);
    if (typeof spec.path !== "string" && !Array.isArray(spec.path)) throw new UserError(`${where}.path is missing`);
    const canonicalColumns = canonicalTables[tableName].columns.map((c) => c.name);
    for (const key of Object.keys((spec.columns ?? {}) as object)) {
      if (!canonicalColumns.includes(key)) throw new UserError(`${where}.columns: "${key}" is not a column of ${tableName}.${didYouMean(key, canonicalColumns)}`);
    }
    const files = Array.isArray(spec.path) ? sourceFiles(spec.path, base, where, canonicalColumns, tableName) : undefined;
    sources[tableName] = {
      table: tableName,
      path: files ? files[0].path : resolvePath(base, spec.path as string),
      ...(files ? { files } : {}),
      ...(spec.constants ? { constants: columnMap(spec.constants, `${where}.constants`, canonicalColumns, tableName) } : {}),
      ...(spec.join ? { join: sourceJoin(spec.join, base, where, canonicalColumns, tableName) } : {}),
      preset: checkPreset(tableName, String(spec.preset ?? "canonical"), where),
      columns: (spec.columns ?? {}) as Record<string, string>,
      timestampFormat: spec.timestamp_format as string | undefined,
      origin: where,
    };
  }
  for (const [table, value] of sourceOverrides(overrides.sources ?? [], env)) {
    const tableName = checkTable(table, `source override ${table}`);
    const [path, preset] = value.split("#");
    const previous = sources[tableName];
    sources[tableName] = {
      table: tableName,
      path: resolve(path),
      preset: checkPreset(tableName, preset ?? previous?.preset ?? "canonical", `source override ${table}`),
      columns: preset ? {} : (previous?.columns ?? {}),
      timestampFormat: preset ? undefined : previous?.timestampFormat,
      origin: `source override ${table}=${value}`,
    };
  }

  const vars: Record<string, VarValue> = { ...((raw.vars ?? {}) as Record<string, VarValue>) };
  for (const [key, value] of varOverrides(overrides.vars ?? [], env)) vars[key] = parseScalar(value);
  checkChoiceVars(vars, shown);

  return {
    name,
    configPath,
    cacheDir: join(cacheRoot, name),
    generate: raw.generate ? generateConfig(raw.generate as Record<string, unknown>, base, shown) : undefined,
    sources,
    vars,
  };
}

function defaultName(configPath: string): string {
  return configPath === defaultConfigPath ? "default" : basename(configPath, extname(configPath));
}

function generateConfig(spec: Record<string, unknown>, base: string, shown: string): GenerateConfig {
  checkKeys(spec, generateKeys, `${shown}: generate`);
  const number = (key: string) => (spec[key] === undefined ? undefined : Number(spec[key]));
  return {
    outDir: resolvePath(base, String(spec.out ?? "data/default-store")),
    seed: number("seed") ?? 42,
    customers: number("customers"),
    orderLines: number("order_lines"),
    months: number("months"),
    startDate: spec.start_date === undefined ? undefined : String(spec.start_date),
  };
}

function resolvePath(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

function checkKeys(object: object, allowed: string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new UserError(`${where}: unknown key "${key}".${didYouMean(key, allowed)}`);
  }
}

function checkTable(table: string, where: string): CanonicalTableName {
  if (!(table in canonicalTables)) {
    throw new UserError(`${where}: "${table}" is not a canonical table (${Object.keys(canonicalTables).join(", ")}).${didYouMean(table, Object.keys(canonicalTables))}`);
  }
  return table as CanonicalTableName;
}

function checkPreset(table: CanonicalTableName, preset: string, where: string): string {
  const known = Object.keys(presets[table]);
  if (!known.includes(preset)) throw new UserError(`${where}: unknown preset "${preset}" for ${table} (known: ${known.join(", ")}).${didYouMean(preset, known)}`);
  return preset;
}

/** Flags win over environment variables (ANALYTICS_SOURCE_ORDER_LINES=path[#preset]). */
function sourceOverrides(flags: string[], env: NodeJS.ProcessEnv): [string, string][] {
  const fromEnv = Object.entries(env)
    .filter(([key, value]) => key.startsWith("ANALYTICS_SOURCE_") && value)
    .map(([key, value]) => [key.slice("ANALYTICS_SOURCE_".length).toLowerCase(), value!] as [string, string]);
  return [...fromEnv, ...flags.map((flag) => splitPair(flag, "--source"))];
}

function varOverrides(flags: string[], env: NodeJS.ProcessEnv): [string, string][] {
  const fromEnv = Object.entries(env)
    .filter(([key, value]) => key.startsWith("ANALYTICS_VAR_") && value !== undefined)
    .map(([key, value]) => [key.slice("ANALYTICS_VAR_".length).toLowerCase(), value!] as [string, string]);
  return [...fromEnv, ...flags.map((flag) => splitPair(flag, "--var"))];
}

function splitPair(text: string, flag: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0) throw new UserError(`${flag} expects name=value, got "${text}"`);
  return [text.slice(0, at), text.slice(at + 1)];
}

function parseScalar(text: string): VarValue {
  if (text === "" || text === "null") return null;
  if (text === "true" || text === "false") return text === "true";
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** Vars that take one of a few words; a typo would otherwise fall back silently in SQL. */
const choiceVars: Record<string, string[]> = {
  // net: customer value less matched credit notes (int_customers_rfm_valued); gross: kept purchases only.
  customer_value_basis: ["net", "gross"],
};

function checkChoiceVars(vars: Record<string, VarValue>, shown: string): void {
  for (const [key, choices] of Object.entries(choiceVars)) {
    const value = vars[key];
    if (value === undefined || value === null || choices.includes(String(value))) continue;
    throw new UserError(`${shown}: vars.${key} is "${value}"; use one of ${choices.join(", ")} (or leave it out for ${choices[0]})`);
  }
}
