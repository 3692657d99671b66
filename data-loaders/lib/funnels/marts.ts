// What the funnel marts share: the checked definitions and the options each funnel runs with.
import { literal } from "../../pipeline/duckdb.ts";
import type { TsModelContext } from "../../pipeline/ts-model.ts";
import type { FunnelOptions } from "../../../src/components/funnel-sql.js";
import { checkEventNames, funnelsFile, readFunnelDefinitions, type FunnelDefinition } from "./definitions.ts";

/** Every funnel mart reads the events mart, the definitions and the shared SQL module. */
export const funnelInputs = { dependsOn: ["funnel_events"], files: [funnelsFile, "src/components/funnel-sql.js"] };

export async function loadFunnels(query: TsModelContext["query"]): Promise<FunnelDefinition[]> {
  const definitions = readFunnelDefinitions();
  const known = (await query("select distinct event_name from funnel_events order by 1")).map((r) => String(r.event_name));
  checkEventNames(definitions, known);
  return definitions;
}

export function optionsOf(funnel: FunnelDefinition, breakdown: string | null = null): FunnelOptions {
  return { source: "funnel_events", breakdown, attribution: funnel.attribution, counting: funnel.counting, entryFrom: funnel.entryFrom, entryTo: funnel.entryTo };
}

/** Each funnel's query with its name (and breakdown) as leading columns, stacked. */
export function stacked(parts: { funnel: string; breakdown?: string; sql: string }[], empty: string): string {
  if (parts.length === 0) return empty;
  return parts
    .map((p) => `select ${literal(p.funnel)} as funnel${p.breakdown === undefined ? "" : `, ${literal(p.breakdown)} as breakdown`}, * from (${p.sql})`)
    .join("\nunion all\n");
}
