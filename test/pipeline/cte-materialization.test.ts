// DuckDB materialises a CTE that a query reads more than once (it copies its rows into a temporary
// result first), also an import CTE that only names a table. For a model's inputs that copy is all
// cost: on 100M order lines int_products_windowed's copy of its 96.6M input lines did not fit its
// 768 MB and the build failed. So an import CTE read more than once says `not materialized`, and
// this test holds every SQL model to it, naming the file and the CTE.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { expect, test } from "vitest";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { modelsDir } from "../../data-loaders/pipeline/paths.ts";
import { findModels } from "../../data-loaders/pipeline/project.ts";

/** Import CTEs (`name as (select * from relation)`) a model's SQL reads more than once without `not materialized`. */
function copiedImportCtes(sql: string): string[] {
  const code = sql.replace(/--[^\n]*/g, "");
  const found: string[] = [];
  for (const m of code.matchAll(/(?:\bwith\b|,)\s*([a-z_][a-z0-9_]*)\s+as\s+((?:not\s+)?materialized\s+)?\(\s*select\s+\*\s+from\s+[a-z_][a-z0-9_.]*\s*\)/gi)) {
    const [, name, hint] = m;
    const reads = code.match(new RegExp(`\\b(?:from|join)\\s+${name}\\b`, "gi"))?.length ?? 0;
    if (reads > 1 && !/^not\s+materialized/i.test(hint?.trim() ?? "")) found.push(name);
  }
  return found;
}

test("the rule's premise: DuckDB copies a CTE read twice, unless it is not materialized", async () => {
  const { instance, connection } = await openDatabase(":memory:");
  try {
    await connection.run("create table t as select range as a from range(10)");
    const plan = async (hint: string) => (await queryRows(connection, `explain with x as ${hint}(select * from t) select (select count(*) from x), (select sum(a) from x)`)).map((r) => String(r.explain_value)).join("\n");
    expect(await plan("")).toMatch(/CTE_SCAN/);
    expect(await plan("not materialized ")).not.toMatch(/CTE_SCAN/);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});

test("the scan finds an import CTE read twice and accepts it when not materialized or read once", () => {
  expect(copiedImportCtes("with a as (select * from t),\nb as (select * from u)\nselect * from a join a as a2 using (k) join b using (k)")).toEqual(["a"]);
  expect(copiedImportCtes("with a as not materialized (select * from t)\nselect * from a join a as a2 using (k)")).toEqual([]);
  expect(copiedImportCtes("with a as (select * from t) -- from a\nselect * from a")).toEqual([]);
});

test("every SQL model reads an import CTE it reads more than once without a copy", () => {
  const copied = findModels(modelsDir)
    .filter((model) => model.path.endsWith(".sql"))
    .flatMap((model) => copiedImportCtes(readFileSync(model.path, "utf8")).map((name) => `${relative(modelsDir, model.path)}: ${name} is read more than once; write "${name} as not materialized (select * from ...)"`));
  expect(copied).toEqual([]);
});
