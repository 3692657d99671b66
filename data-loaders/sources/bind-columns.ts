// Which raw column feeds each canonical column, for every kind of source (a file, a SQL query):
// a constant from the config, the raw column the config or preset names (matched as spelled, else
// case-insensitively, since SQL identifiers are), or nothing for an optional column the source
// lacks. One binder, so that a file and a query name a missing column the same way.
import type { SourceConfig } from "../pipeline/config.ts";
import { didYouMean, UserError } from "../pipeline/errors.ts";
import type { CanonicalColumn, CanonicalTable } from "./canonical.ts";

export interface ColumnBinding {
  column: CanonicalColumn;
  /** Raw column name as spelled in the file, or null when the format has no such column. */
  raw: string | null;
  transform?: string;
  /** Fixed text for every row (config `constants`), used when raw is null. */
  constant?: string;
}

export interface BindingRules {
  /** The raw name a canonical column has when the config does not map it (a preset's, or the canonical name); null or undefined: none. */
  defaultName: (column: CanonicalColumn) => string | null | undefined;
  transform?: (column: CanonicalColumn) => string | undefined;
  /** What the source is, for the error ("data/orders.csv", "configs/shop/orders.sql"), and what a missing column is called there. */
  where: string;
  missing: (wanted: string, column: CanonicalColumn) => string;
  /** What the source holds, listed after a missing column ("The file has", "The query returns"). */
  holds: string;
}

/** Binds every column of `table` to the `available` raw columns; a column the config or a required column names that is absent is an error. */
export function bindColumns(source: SourceConfig, table: CanonicalTable, available: string[], rules: BindingRules): ColumnBinding[] {
  return table.columns.map((column) => {
    if (source.constants && column.name in source.constants) return { column, raw: null, constant: source.constants[column.name] };
    const mapped = column.name in source.columns;
    const wanted = mapped ? source.columns[column.name] : rules.defaultName(column);
    if (wanted === null || wanted === undefined) return { column, raw: null };
    const raw = available.find((name) => name === wanted) ?? available.find((name) => name.toLowerCase() === wanted.toLowerCase());
    // An optional column the preset names but the source lacks reads as null (a user's mapping must exist).
    if (!raw && column.optional && !mapped) return { column, raw: null };
    const orNull = column.optional || column.nullable ? ` If the source has no such column, map it to null (columns: {${column.name}: null}).` : "";
    if (!raw) throw new UserError(`${rules.where}: ${rules.missing(wanted, column)}.${didYouMean(wanted, available)} ${rules.holds}: ${available.join(", ")}.${orNull}`);
    return { column, raw, transform: rules.transform?.(column) };
  });
}
