// A model whose YAML says `sorted_by: [columns]` is written in that order (its CREATE TABLE AS ends in
// ORDER BY them), so its export skips the sort when those columns are its proven key and gives the
// file a sort gives, byte for byte; a TypeScript model is told which of its inputs are stored sorted
// (context.sortedBy); a wrong value, a view, an incremental model and a model returning rows are
// refused naming the file. A unique test on such a table's key is counted in one pass in the stored
// order, with the full test's result whenever that pass finds anything.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { exportOrderBy, martFile, parquetWriteOptions } from "../../data-loaders/pipeline/export-marts.ts";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { failingRowsSql, inOrderFailingRowsSql } from "../../data-loaders/testing/compile.ts";
import { runTests } from "../../data-loaders/testing/run-tests.ts";
import type { TestDefinition } from "../../data-loaders/testing/specs.ts";
import { tempProject, uciCsv, uciLine } from "../helpers/temp-project.ts";

const config = "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n";
// 2,000 rows whose ids come scrambled (i * 7919 mod 2000 visits every id once), over several of
// DuckDB's vectors, so that rows left in the SELECT's order would not be in id order.
const values = Array.from({ length: 2000 }, (_, i) => `(${(i * 7919) % 2000}, ${(i * 31) % 17}, 'name ${(i * 13) % 11}')`).join(", ");
const keyedYml = (extra = "") => `models:\n  - name: keyed\n${extra}    columns:\n      - name: id\n        tests: [unique]\n`;

function shop(files: Record<string, string> = {}) {
  return tempProject({
    "analytics.config.yml": config,
    "raw/lines.csv": uciCsv([uciLine("500001", 2, 3, "1")]),
    "models/marts/keyed.sql": `select * from (values ${values}) as t(id, score, label)`,
    "models/marts/keyed.yml": keyedYml("    sorted_by: [id]\n"),
    ...files,
  });
}

describe("exportOrderBy with the table's stored order", () => {
  const columns = ["user_key", "event_seq", "event_name", "amount"];
  test("no sort when the table is stored sorted by the export's order first", () => {
    expect(exportOrderBy(columns, [["user_key", "event_seq"]], new Set(), ["user_key", "event_seq"])).toBe("");
    expect(exportOrderBy(columns, [["user_key", "event_seq"]], new Set(), ["user_key", "event_seq", "event_name"])).toBe("");
    expect(exportOrderBy(columns, [], new Set(), columns)).toBe("");
  });
  test("the sort otherwise: stored in another order, by fewer columns than the key, or with no proven key", () => {
    expect(exportOrderBy(columns, [["user_key", "event_seq"]], new Set(), ["event_seq", "user_key"])).toBe('ORDER BY "user_key", "event_seq"');
    expect(exportOrderBy(columns, [["user_key", "event_seq"]], new Set(), ["user_key"])).toBe('ORDER BY "user_key", "event_seq"');
    expect(exportOrderBy(columns, [], new Set(), ["user_key", "event_seq"])).toBe("ORDER BY ALL");
  });
});

describe("sorted_by", () => {
  test("the table is stored in that order and its export, with no sort, is the file a sort writes, byte for byte", async () => {
    const project = shop();
    const run = await project.run();
    expect(run.failed).toBe(false);
    // Stored in id order: the table's row ids follow the ids.
    const stored = await project.queryWarehouse("select id from keyed order by rowid");
    expect(stored.map((r) => Number(r.id))).toEqual(Array.from({ length: 2000 }, (_, i) => i));

    const written = readFileSync(martFile(join(project.root, ".cache"), "keyed"));
    const reference = join(project.root, "reference.parquet");
    const { instance, connection } = await openDatabase();
    try {
      // The same rows in the SELECT's own order, written with a sort as an unsorted mart would be.
      await connection.run(`CREATE TABLE keyed AS SELECT * FROM (VALUES ${values}) AS t(id, score, label)`);
      await connection.run(`COPY (SELECT * FROM keyed ORDER BY ALL) TO '${reference}' (${parquetWriteOptions(["INTEGER", "INTEGER", "VARCHAR"], 2000)})`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    expect(written.equals(readFileSync(reference))).toBe(true);
  });

  test("adding or removing it rebuilds the model", async () => {
    const project = shop({ "models/marts/keyed.yml": keyedYml() });
    await project.run();
    project.write("models/marts/keyed.yml", keyedYml("    sorted_by: [id]\n"));
    const sorted = await project.run();
    expect(sorted.steps.find((s) => s.name === "keyed")?.status).toBe("built");
    expect((await project.queryWarehouse("select id from keyed order by rowid limit 3")).map((r) => Number(r.id))).toEqual([0, 1, 2]);
  });

  test("a TypeScript model returning SQL is written sorted, and is told which of its inputs are", async () => {
    const project = shop({
      "models/marts/keyed_copy.ts": `export default { dependsOn: ["keyed", "src_order_lines"], columns: { id: "INTEGER", keyed_order: "VARCHAR", lines_order: "VARCHAR" },
        sql({ sortedBy }) { return "select id, '" + sortedBy("keyed").join(",") + "' as keyed_order, '" + sortedBy("src_order_lines").join(",") + "' as lines_order from keyed where id % 2 = 0 order by id desc"; } };\n`,
      "models/marts/keyed_copy.yml": "models:\n  - name: keyed_copy\n    sorted_by: [id]\n",
    });
    expect((await project.run()).failed).toBe(false);
    const rows = await project.queryWarehouse("select * from keyed_copy order by rowid limit 2");
    expect(rows.map((r) => ({ ...r, id: Number(r.id) }))).toEqual([{ id: 0, keyed_order: "id", lines_order: "" }, { id: 2, keyed_order: "id", lines_order: "" }]);
  });

  test("a value that is not a list of columns, a view, an incremental model and a model returning rows are refused, naming the file", async () => {
    await expect(shop({ "models/marts/keyed.yml": keyedYml("    sorted_by: id\n") }).run()).rejects.toThrow(/keyed\.yml: keyed: sorted_by: give a list of the model's columns/);
    await expect(shop({ "models/marts/keyed.yml": keyedYml("    sorted_by: [id, id]\n") }).run()).rejects.toThrow(/keyed\.yml: keyed: sorted_by: id is listed twice/);
    await expect(shop({ "models/marts/keyed.yml": keyedYml("    sorted_by: [id]\n    materialized: view\n") }).run()).rejects.toThrow(/keyed\.yml: keyed: sorted_by needs a table/);
    await expect(shop({ "models/marts/keyed.yml": keyedYml("    sorted_by: [id]\n    incremental: {input: src_order_lines, partition: invoice_no, column: id}\n") }).run()).rejects.toThrow(/keyed\.yml: keyed: sorted_by cannot go with incremental/);
    const rowsModel = {
      "models/marts/line_count.ts": `export default { dependsOn: ["src_order_lines"], columns: { n: "BIGINT" }, async build({ query }) { return query("select count(*) as n from src_order_lines"); } };\n`,
      "models/marts/line_count.yml": "models:\n  - name: line_count\n    sorted_by: [n]\n",
    };
    await expect(shop(rowsModel).run()).rejects.toThrow(/line_count\.yml: line_count: sorted_by needs a model that returns SQL/);
  });

  test("a column the model does not have fails that model, naming its file and the column", async () => {
    const run = await shop({ "models/marts/keyed.yml": keyedYml("    sorted_by: [identifier]\n") }).run();
    expect(run.failed).toBe(true);
    expect(run.log.join("\n")).toMatch(/keyed\.sql: .*identifier/s);
  });
});

describe("a unique test on a table stored in key order", () => {
  const uniqueTest = (relation: string, storedOrder: string[] | undefined, columns = ["a", "b"]): TestDefinition =>
    ({ id: `${relation}.unique`, relation, kind: "unique", severity: "error", options: { columns }, specFile: "t.yml", storedOrder }) as TestDefinition;
  // Rows inserted in the order given: the table's stored order.
  const tables: Record<string, string> = {
    in_order: "(1, 1), (1, 2), (2, 1), (3, null), (null, 1), (null, null)",
    duplicate: "(1, 1), (1, 2), (1, 2), (2, 1)",
    null_twice: "(1, 1), (null, null), (null, null)",
    out_of_order: "(1, 2), (1, 1), (2, 1)",
  };

  test("the pass in stored order finds nothing where the keys are unique and in order, and something otherwise", async () => {
    const { instance, connection } = await openDatabase();
    try {
      for (const [name, rows] of Object.entries(tables)) await connection.run(`CREATE TABLE ${name} AS SELECT * FROM (VALUES ${rows}) AS t(a, b)`);
      const inOrder = async (name: string) => (await queryRows(connection, inOrderFailingRowsSql(uniqueTest(name, ["a", "b"]))!)).length;
      const full = async (name: string) => (await queryRows(connection, failingRowsSql(uniqueTest(name, undefined)))).length;
      expect(await inOrder("in_order")).toBe(0);
      expect(await full("in_order")).toBe(0);
      expect(await inOrder("duplicate")).toBe(1);
      expect(await inOrder("null_twice")).toBe(1);
      expect(await full("null_twice")).toBe(2);
      // Unique keys out of order: found by the pass, not by the full test.
      expect(await inOrder("out_of_order")).toBe(1);
      expect(await full("out_of_order")).toBe(0);
      // Not for a test without a stored order, nor one with a where.
      expect(inOrderFailingRowsSql(uniqueTest("in_order", undefined))).toBeUndefined();
      expect(inOrderFailingRowsSql({ ...uniqueTest("in_order", ["a", "b"]), options: { columns: ["a", "b"], where: "a > 1" } })).toBeUndefined();

      // runTests reports what the full test finds: the duplicate's two rows, and a pass for keys out of order.
      const results = await runTests(connection, Object.keys(tables).map((name) => uniqueTest(name, ["a", "b"])));
      expect(results.map((r) => [r.test.relation, r.status, r.failingRows])).toEqual([["in_order", "pass", 0], ["duplicate", "fail", 2], ["null_twice", "fail", 2], ["out_of_order", "pass", 0]]);
      expect(results[1].examples).toEqual([{ a: 1, b: 2 }, { a: 1, b: 2 }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  test("the spec marks a unique test on the leading columns of sorted_by, in any order, and no other", async () => {
    const project = shop({
      "models/marts/keyed.yml": `models:\n  - name: keyed\n    sorted_by: [id, score]\n    tests:\n      - unique: {columns: [score, id]}\n      - unique: {columns: [score, label]}\n      - unique: {columns: [id], where: "id > 3"}\n    columns:\n      - name: id\n        tests: [unique]\n      - name: score\n        tests: [unique]\n`,
    });
    const run = await project.run();
    const marked = Object.fromEntries(run.tests.map((r) => [r.test.id, r.test.storedOrder ?? null]));
    expect(marked).toEqual({ "keyed.unique": ["id", "score"], "keyed.unique_2": null, "keyed.unique_3": null, "keyed.id.unique": ["id"], "keyed.score.unique": null });
    // Each counted right: the ids are unique, the scores (0..16) and the pairs of score and label are not.
    expect(Object.fromEntries(run.tests.map((r) => [r.test.id, r.status]))).toEqual({ "keyed.unique": "pass", "keyed.unique_2": "fail", "keyed.unique_3": "pass", "keyed.id.unique": "pass", "keyed.score.unique": "fail" });
  });
});
