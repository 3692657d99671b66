// Reads the documented config file (analytics.config.yml by default) and applies per-run
// overrides from flags and environment variables, so `npm run build` (which cannot take flags
// through Framework) and `npm run marts -- --source ...` behave the same.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";
import { canonicalTables, type CanonicalTableName } from "../sources/canonical.ts";
import { presets } from "../sources/presets.ts";
import { columnMap, sourceFiles, sourceJoin, type SourceFile, type SourceJoin } from "../sources/combined-config.ts";
import { expandSourcePath } from "../sources/expand-path.ts";
import { invoiceIdRules, type InvoiceIdRule } from "../sources/invoice-ids.ts";
import { sqlSource, type SqlSource } from "../sources/sql-source.ts";
import { csvLayout, layoutKeys } from "../sources/layout-config.ts";
import { parseOutcomes, type OutcomeSpec } from "../sources/experiment-outcomes.ts";
import { parseStatusRule, type StatusRule } from "../sources/order-status.ts";
import { pseudonymKey, type PseudonymKey } from "../sources/pseudonym.ts";
import type { CsvLayout } from "../sources/raw-file.ts";
import { didYouMean, UserError } from "./errors.ts";
import { cacheRoot, defaultConfigPath, displayPath } from "./paths.ts";

export type VarValue = string | number | boolean | null;

export interface SourceConfig {
  table: CanonicalTableName;
  /** Absolute path of the raw file (the first one when `files` is set). */
  path: string;
  /** Set when `path` lists several files, or is a folder or a glob: each read with the same preset, then stacked. */
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
  /** Texts read as "no value" (default: raw-file.ts defaultNullValues). */
  nullValues?: string[];
  /** Set for a source that is a query over raw files instead of one file. */
  sql?: SqlSource;
  /** Reader options of a text file (delimiter, header, ...). */
  layout?: CsvLayout;
  /** Canonical column -> factor its raw number is multiplied by (0.01 for amounts in cents); checked exact. */
  scale?: Record<string, number>;
  /** How order lines without an invoice id get one (README "Reader options"). */
  invoiceIdRule?: InvoiceIdRule;
  /** Number the lines in file order (order_lines.line_number), so identical lines stay separate purchases. */
  numberLines?: boolean;
  /** Order lines: the status column and what each status means (kept, credit_note, excluded). */
  status?: StatusRule;
  /** Set when the preset hashes a personal identifier (keyed_hash): the key, never serialised. */
  pseudonym?: PseudonymKey;
  /** experiment_assignments of a flat export: the outcome columns it carries (README "Experiments"). */
  outcomes?: OutcomeSpec[];
  /** experiment_metrics: written from the assignments' outcomes list, no file of its own. */
  metricDefinitions?: OutcomeSpec[];
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
  /** "store" (default) or "model": see GenerateOptions.purchaseProcess. */
  purchaseProcess?: "store" | "model";
}

export interface ProjectConfig {
  /** Short name; the warehouse and marts of each config are cached apart. */
  name: string;
  configPath: string;
  cacheDir: string;
  generate?: GenerateConfig;
  sources: Partial<Record<CanonicalTableName, SourceConfig>>;
  vars: Record<string, VarValue>;
  /** Where each var was set ("analytics.config.yml: vars.x", "--var x=..."), for error messages. */
  varOrigins?: Record<string, string>;
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
const sourceKeys = ["path", "sql", "preset", "columns", "timestamp_format", "null_values", ...layoutKeys, "constants", "join", "scale", "invoice_id_rule", "number_lines", "status", "outcomes"];
const generateKeys = ["out", "seed", "customers", "order_lines", "months", "start_date", "purchase_process"];

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
    if (tableName === "experiment_metrics") throw new UserError(`${where}: experiment_metrics is written from the outcomes list of sources.experiment_assignments, not read from a file`);
    if (typeof spec !== "object" || spec === null) throw new UserError(`${where} must be a mapping with a path`);
    checkKeys(spec, sourceKeys, where, true);
    if (spec.sql !== undefined) {
      if (spec.path !== undefined) throw new UserError(`${where}: give either path (a file, folder or glob) or sql (a query over raw files), not both`);
      if (spec.outcomes !== undefined) throw new UserError(`${where}: outcomes are read from a file source (path), not from sql`);
      const sql = sqlSource(spec.sql, base, where);
      const status = spec.status !== undefined ? parseStatusRule(spec.status, `${where}.status`, tableName) : undefined;
      sources[tableName] = {
        table: tableName, path: sql.file ?? configPath, sql, preset: "canonical",
        columns: withStatusColumn((spec.columns ?? {}) as Record<string, string>, status),
        ...(status ? { status } : {}),
        ...(spec.constants ? { constants: columnMap(spec.constants, `${where}.constants`, canonicalTables[tableName].columns.map((c) => c.name), tableName) } : {}),
        origin: where,
      };
      continue;
    }
    if (typeof spec.path !== "string" && !Array.isArray(spec.path)) throw new UserError(`${where}.path is missing (or give sql: a query over raw files)`);
    const canonicalColumns = canonicalTables[tableName].columns.map((c) => c.name);
    for (const key of Object.keys((spec.columns ?? {}) as object)) {
      if (!canonicalColumns.includes(key)) throw new UserError(`${where}.columns: "${key}" is not a column of ${tableName}.${didYouMean(key, canonicalColumns)}`);
    }
    const expanded = Array.isArray(spec.path) ? undefined : expandSourcePath(resolvePath(base, spec.path as string), `${where}.path`);
    const files = Array.isArray(spec.path) ? sourceFiles(spec.path, base, where, canonicalColumns, tableName) : expanded?.map((path) => ({ path, constants: {} }));
    const preset = presets[tableName][checkPreset(tableName, String(spec.preset ?? "canonical"), where)];
    // A preset may bring its reader options, constants and rules; the config's own keys win.
    const constants = { ...preset.constants, ...(spec.constants ? columnMap(spec.constants, `${where}.constants`, canonicalColumns, tableName) : {}) };
    const scale = { ...preset.scale, ...(spec.scale !== undefined ? scaleMap(spec.scale, `${where}.scale`, tableName) : {}) };
    const invoiceIdRule = spec.invoice_id_rule !== undefined ? checkInvoiceIdRule(spec.invoice_id_rule, `${where}.invoice_id_rule`, tableName) : preset.invoiceIdRule;
    const status = spec.status !== undefined ? parseStatusRule(spec.status, `${where}.status`, tableName, preset.status) : preset.status;
    sources[tableName] = {
      table: tableName,
      path: files ? files[0].path : resolvePath(base, spec.path as string),
      ...(files ? { files } : {}),
      ...(Object.keys(constants).length ? { constants } : {}),
      ...(spec.join ? { join: sourceJoin(spec.join, base, where, canonicalColumns, tableName) } : {}),
      preset: String(spec.preset ?? "canonical"),
      columns: withStatusColumn((spec.columns ?? {}) as Record<string, string>, status),
      timestampFormat: (spec.timestamp_format as string | undefined) ?? preset.timestampFormat,
      ...(spec.null_values !== undefined ? { nullValues: nullValues(spec.null_values, `${where}.null_values`) } : {}),
      ...(layoutKeys.some((key) => key in spec) ? { layout: csvLayout({ ...preset.layout, ...spec }, where) } : preset.layout ? { layout: csvLayout(preset.layout, `preset ${spec.preset}`) } : {}),
      ...(Object.keys(scale).length ? { scale } : {}),
      ...(invoiceIdRule ? { invoiceIdRule } : {}),
      ...(status ? { status } : {}),
      ...(numberLines(spec.number_lines, `${where}.number_lines`, tableName) ?? preset.numberLines ? { numberLines: true } : {}),
      origin: where,
    };
    if (spec.outcomes !== undefined) {
      if (tableName !== "experiment_assignments") throw new UserError(`${where}: outcomes belong to sources.experiment_assignments (a flat export's outcome columns)`);
      if (files || spec.join) throw new UserError(`${where}: outcomes are read from a single file; list of files, folders and join are not supported with outcomes yet`);
      const outcomes = parseOutcomes(spec.outcomes, `${where}.outcomes`);
      sources[tableName]!.outcomes = outcomes;
      sources.experiment_metrics = { table: "experiment_metrics", path: configPath, preset: "canonical", columns: {}, metricDefinitions: outcomes, origin: `${where}.outcomes` };
    }
  }
  for (const [table, value] of sourceOverrides(overrides.sources ?? [], env)) {
    const tableName = checkTable(table, `source override ${table}`);
    const [path, preset] = value.split("#");
    const previous = sources[tableName];
    const expanded = expandSourcePath(resolve(path), `source override ${table}`);
    const presetName = checkPreset(tableName, preset ?? previous?.preset ?? "canonical", `source override ${table}`);
    // A preset's own status rule and reader options come with it, as from a config file.
    const chosen = presets[tableName][presetName];
    sources[tableName] = {
      table: tableName,
      path: expanded ? expanded[0] : resolve(path),
      ...(expanded ? { files: expanded.map((file) => ({ path: file, constants: {} })) } : {}),
      preset: presetName,
      columns: preset ? withStatusColumn({}, chosen.status) : (previous?.columns ?? {}),
      timestampFormat: preset ? chosen.timestampFormat : previous?.timestampFormat,
      ...(preset ? { ...(chosen.status ? { status: chosen.status } : {}), ...(chosen.layout ? { layout: csvLayout(chosen.layout, `preset ${presetName}`) } : {}) } : previous?.status ? { status: previous.status } : {}),
      origin: `source override ${table}=${value}`,
    };
  }

  for (const source of Object.values(sources)) {
    const transforms = presets[source.table][source.preset]?.transforms ?? {};
    if (Object.values(transforms).includes("keyed_hash")) source.pseudonym = pseudonymKey(`${source.origin} (preset ${source.preset})`);
  }

  if (raw.vars !== undefined && raw.vars !== null && (typeof raw.vars !== "object" || Array.isArray(raw.vars))) throw new UserError(`${shown}: vars must be a mapping of name: value`);
  const vars: Record<string, VarValue> = { ...((raw.vars ?? {}) as Record<string, VarValue>) };
  const varOrigins: Record<string, string> = Object.fromEntries(Object.keys(vars).map((key) => [key, `${shown}: vars.${key}`]));
  for (const [key, value, origin] of varOverrides(overrides.vars ?? [], env)) {
    vars[key] = parseScalar(value);
    varOrigins[key] = origin;
  }

  return {
    name,
    configPath,
    cacheDir: join(cacheRoot, name),
    generate: raw.generate ? generateConfig(raw.generate as Record<string, unknown>, base, shown) : undefined,
    sources,
    vars,
    varOrigins,
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
    purchaseProcess: spec.purchase_process === undefined ? undefined : (String(spec.purchase_process) as "store" | "model"),
  };
}

/** Numeric canonical columns a scale may multiply (amounts, not counts). */
const scalableTypes = ["DECIMAL(18,4)"];

function scaleMap(value: unknown, where: string, table: CanonicalTableName): Record<string, number> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UserError(`${where} must map canonical columns to a factor, e.g. {unit_price: 0.01} for amounts in cents`);
  const columns = canonicalTables[table].columns;
  for (const [column, factor] of Object.entries(value)) {
    const known = columns.find((c) => c.name === column);
    if (!known || !scalableTypes.includes(known.type)) {
      const amounts = columns.filter((c) => scalableTypes.includes(c.type)).map((c) => c.name);
      throw new UserError(`${where}: "${column}" is not an amount column of ${table} (amounts: ${amounts.join(", ") || "none"})`);
    }
    if (typeof factor !== "number" || !(factor > 0) || !Number.isFinite(factor)) throw new UserError(`${where}.${column} must be a positive number, got ${JSON.stringify(factor)}`);
  }
  return value as Record<string, number>;
}

/** The status rule's column is read into canonical order_lines.status (a mapping the config writes itself wins). */
function withStatusColumn(columns: Record<string, string>, status?: StatusRule): Record<string, string> {
  return status && !("status" in columns) ? { ...columns, status: status.column } : columns;
}

function numberLines(value: unknown, where: string, table: CanonicalTableName): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new UserError(`${where} must be true or false`);
  if (value && table !== "order_lines") throw new UserError(`${where}: only order_lines sources have lines to number`);
  return value;
}

function checkInvoiceIdRule(value: unknown, where: string, table: CanonicalTableName): InvoiceIdRule {
  if (table !== "order_lines") throw new UserError(`${where}: only order_lines sources have invoices`);
  if (!invoiceIdRules.includes(value as InvoiceIdRule)) throw new UserError(`${where} must be one of ${invoiceIdRules.join(", ")}, got ${JSON.stringify(value)}`);
  return value as InvoiceIdRule;
}

function nullValues(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new UserError(`${where} must be a list of texts, e.g. ["", "NULL", "N/A"]`);
  return value as string[];
}

function resolvePath(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

/** `list`: name every allowed key in the error (a source's keys, so that its reader options are all in view). */
function checkKeys(object: object, allowed: string[], where: string, list = false): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new UserError(`${where}: unknown key "${key}".${didYouMean(key, allowed)}${list ? ` A source takes: ${allowed.join(", ")} (README, Reader options).` : ""}`);
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

/** [name, value, where it was set]; flags win over environment variables. */
function varOverrides(flags: string[], env: NodeJS.ProcessEnv): [string, string, string][] {
  const fromEnv = Object.entries(env)
    .filter(([key, value]) => key.startsWith("ANALYTICS_VAR_") && value !== undefined)
    .map(([key, value]) => [key.slice("ANALYTICS_VAR_".length).toLowerCase(), value!, `environment variable ${key}`] as [string, string, string]);
  return [...fromEnv, ...flags.map((flag) => [...splitPair(flag, "--var"), `--var ${flag}`] as [string, string, string])];
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
