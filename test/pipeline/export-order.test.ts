// The mart export sorts on a mart's leading columns when its unique test just passed on them, and
// on every column otherwise: the same rows in the same order, so the same file byte for byte.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exportOrderBy, martFile, parquetWriteOptions } from "../../data-loaders/pipeline/export-marts.ts";
import { openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import { tempProject, uciCsv, uciLine } from "../helpers/temp-project.ts";

describe("exportOrderBy", () => {
  const columns = ["user_key", "event_seq", "event_name", "amount"];
  test("a proven key that is the leading columns, in any order, sorts on those columns in table order", () => {
    expect(exportOrderBy(columns, [["event_seq", "user_key"]])).toBe('ORDER BY "user_key", "event_seq"');
    expect(exportOrderBy(columns, [["user_key", "event_seq", "event_name"], ["user_key", "event_seq"]])).toBe('ORDER BY "user_key", "event_seq"');
  });
  test("every column otherwise: no key, a key that is not leading, a DECIMAL key column, a key of every column", () => {
    expect(exportOrderBy(columns, [])).toBe("ORDER BY ALL");
    expect(exportOrderBy(columns, [["event_seq"]])).toBe("ORDER BY ALL");
    expect(exportOrderBy(columns, [["user_key", "event_name"]])).toBe("ORDER BY ALL");
    expect(exportOrderBy(columns, [["user_key"]], new Set(["user_key"]))).toBe("ORDER BY ALL");
    expect(exportOrderBy(columns, [columns])).toBe("ORDER BY ALL");
  });
});

describe("parquetWriteOptions", () => {
  test("up to a million rows: one row group at zstd level 9; a bigger mart: DuckDB's row groups at level 3", () => {
    expect(parquetWriteOptions(["INTEGER"], 1048576)).toBe("FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 9, ROW_GROUP_SIZE 1048576, PARQUET_VERSION v2, DICTIONARY_SIZE_LIMIT 16384");
    expect(parquetWriteOptions(["INTEGER", "DOUBLE"], 1048577)).toBe("FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 3");
  });
});

test("a mart sorted on its proven key is the file ORDER BY ALL writes, byte for byte", async () => {
  // Later columns out of key order, so that a sort on them would differ from the key's.
  const values = Array.from({ length: 500 }, (_, i) => `(${(i * 7919) % 500}, ${(i * 31) % 17}, 'name ${(i * 13) % 11}')`).join(", ");
  const project = tempProject({
    "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n",
    "raw/lines.csv": uciCsv([uciLine("500001", 2, 3, "1")]),
    "models/marts/keyed.sql": `select * from (values ${values}) as t(id, score, label)`,
    "models/marts/keyed.yml": "models:\n  - name: keyed\n    columns:\n      - name: id\n        tests: [unique]\n",
  });
  await project.run();
  const written = readFileSync(martFile(join(project.root, ".cache"), "keyed"));

  const reference = join(project.root, "reference.parquet");
  const { instance, connection } = await openDatabase();
  try {
    await connection.run(`CREATE TABLE keyed AS SELECT * FROM read_parquet('${martFile(join(project.root, ".cache"), "keyed")}')`);
    await connection.run(`COPY (SELECT * FROM keyed ORDER BY ALL) TO '${reference}' (${parquetWriteOptions(["INTEGER", "INTEGER", "VARCHAR"], 500)})`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  expect(written.equals(readFileSync(reference))).toBe(true);
  // And the rows are in key order (a check that the file is not merely equal to itself).
  const rows = await project.mart("keyed");
  expect(rows.map((r) => Number(r.id))).toEqual(Array.from({ length: 500 }, (_, i) => i));
});
