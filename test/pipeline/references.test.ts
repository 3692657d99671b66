// Dependencies come from DuckDB's parse tree: CTE names and subqueries are handled, unknown
// names and cycles are errors that name the files.
import { describe, expect, test } from "vitest";
import { openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import { parseModelSql, parseModelsSql, SqlParseError } from "../../data-loaders/pipeline/references.ts";
import { tempProject } from "../helpers/temp-project.ts";

const { connection } = await openDatabase();
const refs = async (sql: string) => (await parseModelSql(connection, sql)).references.map((r) => r.name).sort();

describe("parseModelSql", () => {
  test("finds tables in CTEs, joins and subqueries but not CTE names", async () => {
    const sql = `with a as (select * from stg_x), b as (select * from a join seed_y using (k) where k in (select k from int_z))
      select * from b union all select * from (select * from int_w)`;
    expect(await refs(sql)).toEqual(["int_w", "int_z", "seed_y", "stg_x"]);
  });

  test("an import CTE named like the table it reads still depends on that table", async () => {
    expect(await refs("with customer_rfm as (select * from customer_rfm) select * from customer_rfm")).toEqual(["customer_rfm"]);
  });

  test("names inside string literals and comments are not references", async () => {
    expect(await refs("-- from hidden_table\nselect 'from other_table' as s from real_table")).toEqual(["real_table"]);
  });

  test("reports the line of each reference", async () => {
    const parsed = await parseModelSql(connection, "select *\nfrom\n  first_table\njoin second_table using (k)");
    expect(parsed.references).toEqual([{ name: "first_table", line: 3 }, { name: "second_table", line: 4 }]);
  });
});

describe("parseModelsSql (every model in one query)", () => {
  test("gives each SQL its own parse, as one by one, and a bad one its error with its line", async () => {
    const sqls = ["select * from stg_x join seed_y using (k)", "select *\nfrom\n  first_table", "select 1\nfrom t where", "with a as (select * from int_z) select * from a"];
    const parsed = await parseModelsSql(connection, sqls);
    expect(parsed).toHaveLength(4);
    expect(parsed[0]).toEqual(await parseModelSql(connection, sqls[0]));
    expect(parsed[1]).toEqual({ references: [{ name: "first_table", line: 3 }], tableFunctions: [] });
    expect(parsed[2]).toBeInstanceOf(SqlParseError);
    expect((parsed[2] as SqlParseError).message).toMatch(/line 2/);
    expect(parsed[3]).toEqual(await parseModelSql(connection, sqls[3]));
  });
});

describe("planning errors", () => {
  test("an unknown reference names the file, the line and the closest known name", async () => {
    const project = tempProject({
      "models/staging/stg_orders.sql": "select 1 as k",
      "models/marts/orders.sql": "select *\nfrom stg_order",
    });
    await expect(project.run()).rejects.toThrow(/models\/marts\/orders\.sql:2: "stg_order" is not a model, seed or source\. Did you mean "stg_orders"\?/);
  });

  test("a cycle names the files in the loop", async () => {
    const project = tempProject({
      "models/intermediate/int_a.sql": "select * from int_b",
      "models/intermediate/int_b.sql": "select * from int_c",
      "models/intermediate/int_c.sql": "select * from int_a",
      "models/marts/m.sql": "select * from int_a",
    });
    await expect(project.run()).rejects.toThrow(/Models form a cycle: .*int_a\.sql -> .*int_b\.sql -> .*int_c\.sql -> .*int_a\.sql/);
  });

  test("a syntax error names the file and line", async () => {
    const project = tempProject({ "models/marts/m.sql": "select 1\nfrom range(3) whre true" });
    await expect(project.run()).rejects.toThrow(/models\/marts\/m\.sql: syntax error at or near "true" \(line 2\)/);
  });

  test("reading a file inside a model is refused: it would bypass the cache", async () => {
    const project = tempProject({ "models/marts/m.sql": "select * from read_csv('x.csv')" });
    await expect(project.run()).rejects.toThrow(/read_csv\(\) reads a file directly/);
  });

  test("a model outside the three layers is refused", async () => {
    const project = tempProject({ "models/reports/m.sql": "select 1" });
    await expect(project.run()).rejects.toThrow(/models live in models\/staging\/, models\/intermediate\/, models\/marts\//);
  });
});
