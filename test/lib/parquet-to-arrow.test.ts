// The site's Parquet reader (hyparquet + fzstd to Apache Arrow) on files written with the marts'
// own COPY options: hand-written rows of every column type the marts use, nulls included, come
// back with their values and the Arrow types parquet-wasm gave (so DuckDB-wasm registers the same
// SQL types); a mart larger than one row group comes back whole.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Arrow from "apache-arrow";
import { decompress } from "fzstd";
import * as hyparquet from "hyparquet";
import { afterAll, describe, expect, test } from "vitest";
import { openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import { parquetWriteOptions } from "../../data-loaders/pipeline/export-marts.ts";
import { parquetToArrow } from "../../src/components/parquet-to-arrow.js";

const dir = mkdtempSync(join(tmpdir(), "parquet-to-arrow-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `select` as a mart would be written and reads it back with the site's reader. */
async function roundTrip(name: string, select: string): Promise<Arrow.Table> {
  const { instance, connection } = await openDatabase();
  const file = join(dir, `${name}.parquet`);
  try {
    await connection.run(`CREATE TABLE t AS ${select}`);
    const types = (await connection.runAndReadAll("DESCRIBE t")).getRowObjectsJS().map((row) => String(row.column_type));
    await connection.run(`COPY (SELECT * FROM t ORDER BY ALL) TO '${file}' (${parquetWriteOptions(types)})`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return parquetToArrow(readFileSync(file), { hyparquet, Arrow, decompressZstd: decompress });
}

const fieldTypes = (table: Arrow.Table) => Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));

describe("Parquet to Arrow", () => {
  const rows = `SELECT * FROM (VALUES
      (1, 10000000000::BIGINT, 'Champions', DATE '2011-12-09', TIMESTAMP '2011-12-09 12:50:00', true, 3::TINYINT, 7::SMALLINT),
      (2, NULL, 'café ☕', NULL, TIMESTAMP '2010-12-01 08:26:00.5', false, NULL, -2::SMALLINT),
      (3, -5::BIGINT, NULL, DATE '1999-01-01', NULL, NULL, -1::TINYINT, NULL)
    ) v(id, big, label, day, seen_at, flag, tiny, small)`;

  test("a mart without doubles (Parquet v2 pages, delta encodings): values, nulls and types", async () => {
    const table = await roundTrip("v2", rows);
    expect(fieldTypes(table)).toEqual({
      id: "Int32", big: "Int64", label: "Utf8", day: "Date32<DAY>", seen_at: "Timestamp<MICROSECOND>", flag: "Bool", tiny: "Int8", small: "Int16",
    });
    expect(table.toArray().map((row) => row.toJSON())).toEqual([
      { id: 1, big: 10000000000n, label: "Champions", day: Date.UTC(2011, 11, 9), seen_at: Date.UTC(2011, 11, 9, 12, 50), flag: true, tiny: 3, small: 7 },
      { id: 2, big: null, label: "café ☕", day: null, seen_at: Date.UTC(2010, 11, 1, 8, 26, 0, 500), flag: false, tiny: null, small: -2 },
      { id: 3, big: -5n, label: null, day: Date.UTC(1999, 0, 1), seen_at: null, flag: null, tiny: -1, small: null },
    ]);
  });

  test("a mart with doubles (Parquet v1 pages): doubles, NaN and null kept apart", async () => {
    const table = await roundTrip("v1", `SELECT id, label, CASE id WHEN 1 THEN 0.1 WHEN 2 THEN 'NaN'::DOUBLE END AS value FROM (${rows})`);
    expect(fieldTypes(table)).toEqual({ id: "Int32", label: "Utf8", value: "Float64" });
    expect(table.getChild("value")!.toArray().slice(0, 2)).toEqual(new Float64Array([0.1, NaN]));
    expect(table.getChild("value")!.get(2)).toBeNull();
  });

  test("a TIMESTAMP written in milliseconds (as the export writes whole-millisecond columns) reaches DuckDB-wasm in microseconds", async () => {
    const table = await roundTrip("millis", "SELECT (TIMESTAMP '2011-12-09 12:50:01.25')::TIMESTAMP_MS AS at_ms, NULL::TIMESTAMP_MS AS none_ms");
    expect(fieldTypes(table)).toEqual({ at_ms: "Timestamp<MICROSECOND>", none_ms: "Timestamp<MICROSECOND>" });
    expect(table.get(0)!.toJSON()).toEqual({ at_ms: Date.UTC(2011, 11, 9, 12, 50, 1, 250), none_ms: null });
  });

  test("more rows than one row group: every row, in order", async () => {
    const n = 1_100_000; // the marts' row groups hold 1,048,576 rows
    const table = await roundTrip("large", `SELECT range::INTEGER AS i, TIMESTAMP '2024-01-01' + to_seconds(range) AS at FROM range(${n})`);
    expect(table.numRows).toBe(n);
    expect(table.getChild("i")!.data.length).toBeGreaterThan(1);
    let sum = 0;
    for (const value of table.getChild("i")!) sum += value as number;
    expect(sum).toBe((n * (n - 1)) / 2);
    expect(table.getChild("at")!.get(n - 1)).toBe(Date.UTC(2024, 0, 1) + (n - 1) * 1000);
  });

  test("an empty mart keeps its columns", async () => {
    const table = await roundTrip("empty", `SELECT * FROM (${rows}) WHERE false`);
    expect(table.numRows).toBe(0);
    expect(Object.keys(fieldTypes(table))).toEqual(["id", "big", "label", "day", "seen_at", "flag", "tiny", "small"]);
  });
});
