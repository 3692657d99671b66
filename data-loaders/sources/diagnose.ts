// The slow path after a failed typed read: re-read every column as text with its row number and
// find the first value that does not parse as its canonical type.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { SourceConfig } from "../pipeline/config.ts";
import { ident, literal, queryRows } from "../pipeline/duckdb.ts";
import type { ColumnBinding } from "./bind-columns.ts";
import { exactParse } from "./exact-values.ts";
import { defaultNullValues, nestedColumns, rawFormat, readExpression } from "./raw-file.ts";

export interface BadValue {
  row: number;
  rawColumn: string;
  column: string;
  value: string;
  expected: string;
  count: number;
}

const expectedText: Record<string, string> = {
  INTEGER: "a whole number",
  BIGINT: "a whole number",
  DOUBLE: "a number",
  "DECIMAL(18,4)": "a number with at most 4 decimal places",
  TIMESTAMP: "a date-time",
  BOOLEAN: "true or false",
};

/** The raw file with its row number (source_row, 1-based) and CSV columns as text (run with threads = 1). */
export function textReader(source: SourceConfig, bindings: ColumnBinding[] = []): string {
  return rawFormat(source.path) === "parquet"
    ? `(SELECT file_row_number + 1 AS source_row, * FROM read_parquet(${literal(source.path)}, file_row_number = true))`
    : `(SELECT row_number() OVER () AS source_row, * FROM ${readExpression(source.path, { allVarchar: true, nullValues: source.nullValues ?? defaultNullValues, layout: source.layout, nested: nestedColumns(bindings, rawFormat(source.path)) })})`;
}

export async function findFirstBadValue(connection: DuckDBConnection, source: SourceConfig, bindings: ColumnBinding[]): Promise<BadValue | undefined> {
  const typed = bindings.filter((b) => b.raw && b.column.type !== "VARCHAR");
  if (!typed.length) return undefined;
  const reader = textReader(source, bindings);
  // Row numbers follow file order only when the scan is not split across threads.
  await connection.run("SET threads = 1");
  try {
    for (const { raw, column, transform } of typed) {
      const text = `nullif(trim(CAST(${ident(raw!)} AS VARCHAR)), '')`;
      const parsed = transform === "epoch_us" ? `make_timestamp(TRY_CAST(${text} AS BIGINT))` : exactParse(text, column.type, source.timestampFormat, source.scale?.[column.name]);
      const rows = await queryRows(connection, `
        SELECT min(source_row) AS row, arg_min(${text}, source_row) AS value, count(*) AS count
        FROM ${reader} WHERE ${text} IS NOT NULL AND ${parsed} IS NULL HAVING count(*) > 0`);
      if (rows.length) {
        const { row, value, count } = rows[0];
        return { row: Number(row), rawColumn: raw!, column: column.name, value: String(value), expected: expectedText[column.type] ?? column.type, count: Number(count) };
      }
    }
    return undefined;
  } finally {
    await connection.run("RESET threads");
  }
}
