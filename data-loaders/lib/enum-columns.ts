// Text columns with few distinct values typed as ENUMs of those values, for TypeScript models that
// return SQL (a column declared "ENUM", see pipeline/ts-model.ts): SQL cannot name a type made from
// data, so the model reads the values first and spells the type out. An ENUM is a small integer
// per row: wide tables of events and sessions sort, join, read into JavaScript and export faster
// with their names, pages and channels as ENUMs (measured in models/marts/funnel_events.ts and
// funnel_sessions.ts). DuckDB writes an ENUM to Parquet as text, so the mart files read back as
// before.
import { literal } from "../pipeline/duckdb.ts";
import type { TsModelContext } from "../pipeline/ts-model.ts";

/** Past this many distinct values a column stays text: the type is spelled out in the model's SQL. */
export const maxEnumValues = 65_535;

/**
 * The distinct non-null values of the `value` column of `sql`, in DuckDB's text order: listed in
 * that order, an ENUM sorts and compares as its text does.
 */
export async function distinctValues(query: TsModelContext["query"], sql: string): Promise<string[]> {
  return (await query(`select distinct value from (${sql}) where value is not null order by value`)).map((r) => String(r.value));
}

/** `expression` cast to an ENUM of `values` (distinct, as distinctValues gives them), or to VARCHAR when there are none or more than maxEnumValues. */
export function asEnum(expression: string, values: string[]): string {
  if (!values.length || values.length > maxEnumValues) return `cast(${expression} as varchar)`;
  return `cast(${expression} as enum(${values.map(literal).join(", ")}))`;
}
