// openColumnsTable (data-loaders/lib/funnels/chains.ts), which writes the counted attempts and the
// chains into DuckDB: text as codes into an ENUM of its dictionary (8 and 16-bit codes; as text when
// the dictionary is larger than enumValuesAtMost, or empty), numbers
// and times as typed arrays, nulls as one validity mask per chunk. Every value read back is checked
// against the columns it was written from, over chunk boundaries and batches that split a chunk.
import { describe, expect, it } from "vitest";
import { enumValuesAtMost, openColumnsTable, writeColumns } from "../../data-loaders/lib/funnels/chains.ts";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import type { ChainColumn, Columns } from "../../src/components/funnel-chains.js";
import { mulberry32 } from "../helpers/seeded-random.ts";

const rowCount = 5_000;
const words = (n: number) => Array.from({ length: n }, (_, i) => `v${i}${i % 7 === 0 ? "'q" : ""}`);

/** Columns of every type the writer takes, with nulls scattered (every value of row 4,097 null). */
function generated(seed: number): { columns: Columns; expected: (string | number | null)[][] } {
  const next = mulberry32(seed);
  const dictionaries = { small: ["", "Direct", "Email"], wide: words(300), wider: words(enumValuesAtMost + 1) };
  const column = (name: string, type: ChainColumn["type"], dictionary?: string[]): ChainColumn => ({
    name, type, dictionary,
    values: type === "TIMESTAMP" ? new Float64Array(rowCount) : type === "BIGINT" ? new BigInt64Array(rowCount) : new Int32Array(rowCount),
    valid: new Uint8Array(rowCount),
  });
  const columns = [
    column("unit_key", "INTEGER"), column("at_1", "TIMESTAMP"), column("nk", "BIGINT"),
    column("pick_small", "VARCHAR", dictionaries.small), column("pick_wide", "VARCHAR", dictionaries.wide),
    column("pick_wider", "VARCHAR", dictionaries.wider), column("pick_none", "VARCHAR", []),
    // Nulls in the first chunk only, and in the last only: the writer fills one chunk again and
    // again, so a null left over from an earlier chunk (or a mask missing in a later one) shows.
    column("first_nulls", "INTEGER"), column("last_nulls", "VARCHAR", dictionaries.small),
  ];
  const expected: (string | number | null)[][] = [];
  for (let r = 0; r < rowCount; r++) {
    const row: (string | number | null)[] = [];
    for (const c of columns) {
      const isNull =
        c.name === "first_nulls" ? r < 100 : c.name === "last_nulls" ? r >= 4_100 : c.name === "pick_none" || r === 4_096 || next() < 0.3;
      let value: string | number | null = null;
      if (!isNull) {
        c.valid[r] = 1;
        if (c.type === "VARCHAR") {
          const code = Math.floor(next() * c.dictionary!.length);
          (c.values as Int32Array)[r] = code;
          value = c.dictionary![code];
        } else if (c.type === "BIGINT") {
          value = Math.floor(next() * 2 ** 40) - 2 ** 39;
          (c.values as BigInt64Array)[r] = BigInt(value);
        } else if (c.type === "TIMESTAMP") {
          value = 1.7e15 + Math.floor(next() * 1e12);
          (c.values as Float64Array)[r] = value;
        } else {
          value = Math.floor(next() * 1e6) - 5e5;
          (c.values as Int32Array)[r] = value;
        }
      } else if (c.type === "VARCHAR") (c.values as Int32Array)[r] = -1;
      row.push(value);
    }
    expected.push(row);
  }
  return { columns: { length: rowCount, columns }, expected };
}

/** Rows from..to of columns, as a batch. */
const slice = (columns: Columns, from: number, to: number): Columns => ({
  length: to - from,
  columns: columns.columns.map((c) => ({ ...c, values: c.values.subarray(from, to), valid: c.valid.subarray(from, to) })),
});

async function readBack(table: string, columns: Columns, write: (db: Awaited<ReturnType<typeof openDatabase>>["connection"]) => Promise<void>) {
  const { instance, connection } = await openDatabase();
  try {
    await write(connection);
    const names = columns.columns.map((c) => (c.type === "TIMESTAMP" ? `epoch_us(${c.name})::double as ${c.name}` : c.type === "BIGINT" ? `${c.name}::double as ${c.name}` : c.name));
    const types = await queryRows(connection, `select column_name, data_type from duckdb_columns() where table_name = '${table}' order by column_index`);
    const rows = await queryRows(connection, `select ${names.join(", ")} from ${table}`);
    return { types: types.map((t) => `${t.column_name} ${t.data_type}`), rows: rows.map((r) => columns.columns.map((c) => r[c.name] as string | number | null)) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("openColumnsTable", () => {
  const { columns, expected } = generated(7);
  const types = ["unit_key INTEGER", "at_1 TIMESTAMP", "nk BIGINT", "pick_small VARCHAR", "pick_wide VARCHAR", "pick_wider VARCHAR", "pick_none VARCHAR", "first_nulls INTEGER", "last_nulls VARCHAR"];

  it("gives back every value and null, with the columns' types, written at once", async () => {
    const back = await readBack("t", columns, (db) => writeColumns(db, "t", columns));
    expect(back.types).toEqual(types);
    expect(back.rows).toEqual(expected);
  });

  it("gives back the same rows appended in batches that split chunks", async () => {
    const back = await readBack("t", columns, async (db) => {
      const writer = await openColumnsTable(db, "t", columns);
      for (const [from, to] of [[0, 1_000], [1_000, 1_001], [1_001, 4_500], [4_500, 4_500], [4_500, rowCount]]) writer.append(slice(columns, from, to));
      writer.close();
    });
    expect(back.types).toEqual(types);
    expect(back.rows).toEqual(expected);
  });

  it("refuses a batch whose dictionary is another one", async () => {
    const { instance, connection } = await openDatabase();
    try {
      const writer = await openColumnsTable(connection, "t", columns);
      const other = slice(columns, 0, 10);
      other.columns[3] = { ...other.columns[3], dictionary: ["", "Email", "Direct"] };
      expect(() => writer.append(other)).toThrow(/pick_small comes with another dictionary/);
      writer.close();
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
