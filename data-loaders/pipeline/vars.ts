// The vars a build runs with: declared once (type, default, range) in data-loaders/models/vars.yml,
// checked against what the config and the command line set, with defaults filled in. A misspelt
// name, a wrong type or an out-of-range value stops the build here, naming the var and where it
// was set, instead of being ignored or surfacing later as a SQL conversion error in some model.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { VarValue } from "./config.ts";
import { didYouMean, UserError } from "./errors.ts";
import { displayPath, modelsDir } from "./paths.ts";

export type VarType = "integer" | "number" | "text" | "date" | "boolean";

export interface VarDeclaration {
  name: string;
  type: VarType;
  default: VarValue;
  min?: number;
  max?: number;
  above?: number;
  below?: number;
  values?: VarValue[];
  pattern?: string;
  description: string;
}

export type VarDeclarations = Map<string, VarDeclaration>;

const declarationKeys = ["type", "default", "min", "max", "above", "below", "values", "pattern", "description"];
const types: VarType[] = ["integer", "number", "text", "date", "boolean"];

export function varsFile(root = modelsDir): string {
  return join(root, "vars.yml");
}

const cache = new Map<string, VarDeclarations>();

/** The declarations in `path` (none when the file is absent, e.g. a test's own models folder). */
export function readVarDeclarations(path = varsFile()): VarDeclarations {
  const cached = cache.get(path);
  if (cached) return cached;
  const declarations: VarDeclarations = new Map();
  if (existsSync(path)) {
    const shown = displayPath(path);
    let raw: Record<string, Record<string, unknown>>;
    try {
      raw = (parse(readFileSync(path, "utf8")) ?? {}) as Record<string, Record<string, unknown>>;
    } catch (error) {
      throw new UserError(`${shown}: not valid YAML: ${(error as Error).message}`);
    }
    for (const [name, spec] of Object.entries(raw)) {
      const where = `${shown}: ${name}`;
      if (typeof spec !== "object" || spec === null) throw new UserError(`${where} must be a mapping with type, default and description`);
      for (const key of Object.keys(spec)) {
        if (!declarationKeys.includes(key)) throw new UserError(`${where}: unknown key "${key}".${didYouMean(key, declarationKeys)}`);
      }
      if (!types.includes(spec.type as VarType)) throw new UserError(`${where}: type must be one of ${types.join(", ")}, got ${JSON.stringify(spec.type)}`);
      if (!("default" in spec)) throw new UserError(`${where}: default is missing (null when the var may be unset)`);
      if (typeof spec.description !== "string" || !spec.description.trim()) throw new UserError(`${where}: description is missing`);
      const declaration = { name, ...spec } as VarDeclaration;
      // The default must itself be allowed, so a declaration cannot contradict its own range.
      checkValue(declaration, declaration.default, `${where}: default`);
      declarations.set(name, declaration);
    }
  }
  cache.set(path, declarations);
  return declarations;
}

/** What a value must be, in words, e.g. "a whole number, at least 1 and at most 3650". */
export function expectation(d: VarDeclaration): string {
  const kind = { integer: "a whole number", number: "a number", text: "a text", date: "a date written YYYY-MM-DD", boolean: "true or false" }[d.type];
  const limits = [
    d.min !== undefined ? `at least ${d.min}` : "",
    d.above !== undefined ? `above ${d.above}` : "",
    d.max !== undefined ? `at most ${d.max}` : "",
    d.below !== undefined ? `below ${d.below}` : "",
  ].filter(Boolean);
  const parts = [kind + (limits.length ? `, ${limits.join(" and ")}` : "")];
  if (d.values) parts.push(`one of ${d.values.map((v) => JSON.stringify(v)).join(", ")}`);
  if (d.pattern) parts.push(`matching ${d.pattern}`);
  if (d.default === null) parts.push("or null to leave it unset");
  return parts.join(", ");
}

function allowed(d: VarDeclaration, value: VarValue): boolean {
  if (value === null) return d.default === null;
  switch (d.type) {
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return false;
      if (d.type === "integer" && !Number.isInteger(value)) return false;
      if (d.min !== undefined && value < d.min) return false;
      if (d.max !== undefined && value > d.max) return false;
      if (d.above !== undefined && value <= d.above) return false;
      if (d.below !== undefined && value >= d.below) return false;
      break;
    }
    case "text":
      if (typeof value !== "string") return false;
      if (d.pattern && !new RegExp(d.pattern).test(value)) return false;
      break;
    case "date": {
      if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
      // Rejects 2011-02-30 and the like, which Date would roll over into March.
      if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) return false;
      break;
    }
    case "boolean":
      if (typeof value !== "boolean") return false;
      break;
  }
  return d.values === undefined || d.values.includes(value);
}

function checkValue(d: VarDeclaration, value: VarValue, where: string): VarValue {
  if (!allowed(d, value)) throw new UserError(`${where}: var ${d.name} is ${JSON.stringify(value)}; it must be ${expectation(d)}`);
  return value;
}

/**
 * The vars a run uses: every declared var (its default unless set) plus undeclared ones that some
 * model reads (a test's own models, an analyst's new model before they declare it). A var set but
 * neither declared nor read is a misspelling.
 */
export function resolveVars(
  given: Record<string, VarValue>,
  origins: Record<string, string>,
  declarations: VarDeclarations,
  readByModels: Iterable<string>,
): Record<string, VarValue> {
  const read = new Set(readByModels);
  const known = [...new Set([...declarations.keys(), ...read])].sort();
  const resolved: Record<string, VarValue> = {};
  for (const d of declarations.values()) resolved[d.name] = d.default;
  for (const [name, value] of Object.entries(given)) {
    const where = origins[name] ?? `vars.${name}`;
    const d = declarations.get(name);
    if (d) resolved[name] = checkValue(d, value, where);
    else if (read.has(name)) resolved[name] = value;
    else throw new UserError(`${where}: unknown var "${name}".${didYouMean(name, known)} Known vars: ${known.join(", ")} (declared in ${displayPath(varsFile())}).`);
  }
  return Object.fromEntries(Object.entries(resolved).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * plausible_last_date left null means the day of the build: filled in here, as the UTC day, so it
 * is one of the vars the cache hashes (a build on another day rebuilds what reads it) rather than
 * a current_date inside the SQL that the cache cannot see.
 */
export function withBuildDay(vars: Record<string, VarValue>, now = new Date()): Record<string, VarValue> {
  if (!("plausible_last_date" in vars) || vars.plausible_last_date !== null) return vars;
  return { ...vars, plausible_last_date: now.toISOString().slice(0, 10) };
}

/**
 * Declared vars for code outside a pipeline run (TypeScript settings, tests): the given values
 * checked, the rest filled with their defaults.
 */
export function declaredVars(vars: Record<string, VarValue>, names: string[], declarations = readVarDeclarations()): Record<string, VarValue> {
  const out: Record<string, VarValue> = {};
  for (const name of names) {
    const d = declarations.get(name);
    if (!d) throw new Error(`var ${name} is not declared in ${displayPath(varsFile())}`);
    out[name] = vars[name] === undefined ? d.default : checkValue(d, vars[name], `vars.${name}`);
  }
  return out;
}
