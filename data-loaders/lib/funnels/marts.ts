// What the funnel models share: the checked definitions, the options each funnel runs with, and
// each funnel's rows of int_funnel_attempts (computed once, read by every funnel mart).
import { literal } from "../../pipeline/duckdb.ts";
import type { TsModelContext } from "../../pipeline/ts-model.ts";
import { variantPrefix, type FunnelOptions } from "../../../src/components/funnel-sql.js";
import { checkEventNames, funnelsFile, readFunnelDefinitions, type FunnelDefinition } from "./definitions.ts";

/** Files every funnel model reads: the definitions and the shared SQL module (both content-hashed). */
export const funnelFiles = [funnelsFile, "src/components/funnel-sql.js", "src/components/funnel-chains.js"];

/** Every definition with the reason it cannot be computed on these events (null when it can). */
export async function loadFunnelsWithStatus(query: TsModelContext["query"]): Promise<{ funnel: FunnelDefinition; unavailable: string | null }[]> {
  const definitions = readFunnelDefinitions();
  const known = (await query("select distinct event_name from funnel_events order by 1")).map((r) => String(r.event_name));
  const unavailable = checkEventNames(definitions, known);
  return definitions.map((funnel) => ({ funnel, unavailable: unavailable.get(funnel.name) ?? null }));
}

/** The definitions that can be computed on these events (the others are listed in funnel_definitions). */
export async function loadFunnels(query: TsModelContext["query"]): Promise<FunnelDefinition[]> {
  return (await loadFunnelsWithStatus(query)).filter((d) => d.unavailable === null).map((d) => d.funnel);
}

/**
 * A funnel's breakdowns with "experiment_variant" replaced by one experiment_variant:<id> per
 * experiment in funnel_experiment_variants.
 */
export async function expandedBreakdowns(funnel: FunnelDefinition, query: TsModelContext["query"]): Promise<string[]> {
  if (!funnel.breakdowns.includes("experiment_variant")) return funnel.breakdowns;
  const experiments = (await query("select distinct experiment_id from funnel_experiment_variants order by 1")).map((r) => `${variantPrefix}${r.experiment_id}`);
  return [...new Set(funnel.breakdowns.flatMap((b) => (b === "experiment_variant" ? experiments : [b])))];
}

export function optionsOf(funnel: FunnelDefinition, breakdown: string | null = null): FunnelOptions {
  return { source: "funnel_events", sessions: "funnel_sessions", variants: "funnel_experiment_variants", breakdown, attribution: funnel.attribution, counting: funnel.counting, entryFrom: funnel.entryFrom, entryTo: funnel.entryTo };
}

/** One funnel's counted attempts, as a relation for the *FromAttemptsSql functions. */
export const attemptsOf = (funnel: FunnelDefinition) => `(select * from int_funnel_attempts where funnel = ${literal(funnel.name)})`;

/** Each funnel's query with its name (and breakdown) as leading columns, stacked. */
export function stacked(parts: { funnel: string; breakdown?: string; sql: string }[]): string {
  return parts
    .map((p) => `select ${literal(p.funnel)} as funnel${p.breakdown === undefined ? "" : `, ${literal(p.breakdown)} as breakdown`}, * from (${p.sql})`)
    .join("\nunion all\n");
}
