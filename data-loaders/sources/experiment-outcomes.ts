// Outcome columns of a flat experiment export (README "Experiments"): the config lists any number
// of them, each a metric with its own name, kind and label. The assignment file's outcome columns
// are read into one canonical column, `outcomes` (metric name -> value: 1/0 for a proportion, the
// number for a mean), and the definitions become the canonical table experiment_metrics, so that
// models read both like any other source.
import { ident, literal } from "../pipeline/duckdb.ts";
import { didYouMean, UserError } from "../pipeline/errors.ts";
import { exactNumber } from "./exact-values.ts";

export type OutcomeKind = "proportion" | "mean";
export type OutcomeRole = "primary" | "secondary" | "guardrail";

export interface OutcomeSpec {
  /** Metric name in tables and marts (default: the column, lower case, non-alphanumerics as _). */
  name: string;
  /** Raw column of the export. */
  column: string;
  kind: OutcomeKind;
  label: string;
  role: OutcomeRole;
  /** Guardrails: largest relative change in the harmful direction still taken as no harm (0.02 = 2%). */
  harmThreshold: number | null;
  /** Guardrails: which direction harms ("decrease" for retention, "increase" for crashes). */
  harmDirection: "decrease" | "increase" | null;
}

const outcomeKeys = ["column", "name", "kind", "label", "role", "harm_threshold", "harm_direction"];
/** Metric names the events already give; an outcome may not take one. */
const reservedNames = ["conversion", "revenue_per_user", "return_visit"];

/** Checks the `outcomes:` list of an experiment_assignments source; errors name the entry and key. */
export function parseOutcomes(value: unknown, where: string): OutcomeSpec[] {
  if (!Array.isArray(value) || value.length === 0) throw new UserError(`${where} must be a list of outcome columns, e.g. [{column: retention_7, kind: proportion, label: "day-7 retention"}]`);
  const specs = value.map((entry, i): OutcomeSpec => {
    const at = `${where}[${i}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new UserError(`${at} must be a mapping with column and kind`);
    const spec = entry as Record<string, unknown>;
    for (const key of Object.keys(spec)) if (!outcomeKeys.includes(key)) throw new UserError(`${at}: unknown key "${key}".${didYouMean(key, outcomeKeys)}`);
    if (typeof spec.column !== "string" || !spec.column) throw new UserError(`${at}.column is missing: the export's column that holds this outcome`);
    if (spec.kind !== "proportion" && spec.kind !== "mean") throw new UserError(`${at}.kind must be proportion (true/false or 1/0) or mean (a number), got ${JSON.stringify(spec.kind)}`);
    const name = spec.name === undefined ? spec.column.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") : String(spec.name);
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new UserError(`${at}.name "${name}" may use lower-case letters, digits and _ and must start with a letter`);
    if (reservedNames.includes(name)) throw new UserError(`${at}.name "${name}" is a metric the events give; name the outcome otherwise`);
    const role = spec.role ?? "secondary";
    if (role !== "primary" && role !== "secondary" && role !== "guardrail") throw new UserError(`${at}.role must be primary, secondary or guardrail, got ${JSON.stringify(role)}`);
    if (role !== "guardrail" && (spec.harm_threshold !== undefined || spec.harm_direction !== undefined)) throw new UserError(`${at}: harm_threshold and harm_direction apply to a guardrail (role: guardrail)`);
    const threshold = spec.harm_threshold ?? (role === "guardrail" ? 0 : null);
    if (threshold !== null && (typeof threshold !== "number" || !(threshold >= 0) || threshold >= 1)) throw new UserError(`${at}.harm_threshold must be a relative change from 0 to below 1 (0.02 = 2%), got ${JSON.stringify(threshold)}`);
    const direction = spec.harm_direction ?? (role === "guardrail" ? "decrease" : null);
    if (direction !== null && direction !== "decrease" && direction !== "increase") throw new UserError(`${at}.harm_direction must be decrease or increase, got ${JSON.stringify(direction)}`);
    return {
      name, column: spec.column, kind: spec.kind, label: spec.label === undefined ? name.replace(/_/g, " ") : String(spec.label), role,
      harmThreshold: threshold as number | null, harmDirection: direction as OutcomeSpec["harmDirection"],
    };
  });
  const names = specs.map((s) => s.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw new UserError(`${where}: two outcomes are named "${repeated}"; give one a name`);
  if (specs.filter((s) => s.role === "primary").length > 1) throw new UserError(`${where}: more than one outcome has role: primary; an experiment has one primary metric`);
  return specs;
}

/**
 * SQL building the `outcomes` map from the raw columns. Every value is read as text first, so a
 * boolean, an integer or a text column of a CSV or Parquet file reads the same way; a value that is
 * neither true/false nor 1/0 (a proportion) or not a number (a mean) stops the load, naming the
 * file, column and value.
 */
export function outcomesExpression(outcomes: OutcomeSpec[], file: string, available?: string[]): string {
  const entries = outcomes.map((outcome) => {
    const raw = available ? available.find((a) => a === outcome.column) ?? available.find((a) => a.toLowerCase() === outcome.column.toLowerCase()) : outcome.column;
    if (!raw) throw new UserError(`${file}: outcome column "${outcome.column}" is missing (outcomes, metric ${outcome.name}).${didYouMean(outcome.column, available!)} The file has: ${available!.join(", ")}`);
    const text = `lower(trim(CAST(${ident(raw)} AS VARCHAR)))`;
    const fail = (what: string) => `error(${literal(`${file}, column ${raw}: `)} || CAST(${ident(raw)} AS VARCHAR) || ${literal(` is not ${what} (outcome ${outcome.name})`)})`;
    const value = outcome.kind === "proportion"
      ? `CASE WHEN ${ident(raw)} IS NULL THEN NULL WHEN ${text} IN ('true', '1', '1.0') THEN 1.0 WHEN ${text} IN ('false', '0', '0.0') THEN 0.0 ELSE ${fail("true/false or 1/0")} END`
      : // Read exactly (DECIMAL(18,8)): the analysis keeps 4 decimals, so a value with more is an
        // error naming it rather than a silent rounding.
        `CASE WHEN ${ident(raw)} IS NULL THEN NULL WHEN TRY_CAST(${text} AS ${exactNumber}) IS NULL THEN ${fail("a number")} WHEN TRY_CAST(${text} AS ${exactNumber}) <> round(TRY_CAST(${text} AS ${exactNumber}), 4) THEN ${fail("a number with at most 4 decimal places")} ELSE TRY_CAST(${text} AS ${exactNumber}) END`;
    return `${literal(outcome.name)}: CAST(${value} AS DOUBLE)`;
  });
  return `MAP {${entries.join(", ")}}`;
}

/** The rows of the canonical experiment_metrics table, in the order the config lists them. */
export function metricDefinitionsSql(outcomes: OutcomeSpec[], table: string): string {
  const rows = outcomes.map((o, i) =>
    `(${[literal(o.name), literal(o.label), literal(o.kind), literal(o.role), o.harmThreshold === null ? "NULL" : String(o.harmThreshold), o.harmDirection === null ? "NULL" : literal(o.harmDirection), String(i + 1)].join(", ")})`);
  return `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT metric, label, kind, role, CAST(harm_threshold AS DOUBLE) AS harm_threshold, harm_direction, CAST(position AS INTEGER) AS position
    FROM (VALUES ${rows.join(", ")}) AS t(metric, label, kind, role, harm_threshold, harm_direction, position)`;
}
