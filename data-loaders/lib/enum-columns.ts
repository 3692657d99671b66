// Text columns with few distinct values typed as ENUMs of those values, for TypeScript models that
// return SQL (a column declared "ENUM", see pipeline/ts-model.ts): SQL cannot name a type made from
// data, so the model reads the values first and spells the type out. An ENUM is a small integer
// per row: wide tables of events and sessions sort, join, read into JavaScript and export faster
// with their names, pages and channels as ENUMs (measured in models/marts/funnel_events.ts and
// funnel_sessions.ts). DuckDB writes an ENUM to Parquet as text, so the mart files read back as
// before.
import { ident, literal } from "../pipeline/duckdb.ts";
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

/**
 * A query of the values `column` of `table` can hold (as `value`): an ENUM column's values read
 * from its type, with no scan of its rows, or a text column's values.
 */
export async function columnValuesSql(query: TsModelContext["query"], table: string, column: string): Promise<string> {
  const [{ column_type: type }] = await query(`describe select ${ident(column)} from ${ident(table)}`);
  return String(type).startsWith("ENUM(")
    ? `select unnest(enum_range(${ident(column)})) as value from (select ${ident(column)} from ${ident(table)} limit 1)`
    : `select ${ident(column)} as value from ${ident(table)}`;
}

/** An ENUM of `values` (distinct, as distinctValues gives them), or VARCHAR when there are none or more than maxEnumValues. */
export function enumType(values: string[]): string {
  if (!values.length || values.length > maxEnumValues) return "varchar";
  return `enum(${values.map(literal).join(", ")})`;
}

/** `expression` cast to enumType(values). */
export function asEnum(expression: string, values: string[]): string {
  return `cast(${expression} as ${enumType(values)})`;
}
