// A model whose YAML says `materialized: view` is a DuckDB view in the warehouse, not a table: its
// readers get the same rows, it is cached like a table, it can change kind both ways, a deleted one
// is dropped, and a wrong value or a TypeScript model is refused naming the file.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { tempProject, uciCsv, uciLine, withWarehouse } from "../helpers/temp-project.ts";

const spec = (kind: string) => `models:\n  - name: int_lines_kept\n    materialized: ${kind}\n    columns:\n      - name: customer_id\n        tests: [not_null]\n`;

function shop(kind = "view") {
  return tempProject({
    "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n",
    "raw/lines.csv": uciCsv([uciLine("500001", 2, 3, "1"), uciLine("500002", 1, 10, "2"), uciLine("500003", 4, 1, "1")]),
    "models/intermediate/int_lines_kept.sql": "select customer_id, quantity * unit_price as revenue from src_order_lines where quantity > 0",
    "models/intermediate/lines.yml": spec(kind),
    "models/marts/customer_revenue.sql": "select customer_id, sum(revenue) as revenue from int_lines_kept group by all",
  });
}

/** What the warehouse holds under each name: "view" or "table". */
async function kinds(root: string): Promise<Record<string, string>> {
  return await withWarehouse(join(root, ".cache"), async (connection) => {
    const rows = await queryRows(connection, `select view_name as name, 'view' as kind from duckdb_views() where not internal and schema_name = 'main'
      union all select table_name, 'table' from duckdb_tables() where schema_name = 'main'`);
    return Object.fromEntries(rows.map((r) => [String(r.name), String(r.kind)]));
  });
}

const status = (summary: { steps: { name: string; status: string }[] }, name: string) => summary.steps.find((s) => s.name === name)?.status;
const expected = [{ customer_id: "1", revenue: 10 }, { customer_id: "2", revenue: 10 }];

describe("materialized: view", () => {
  test("the model is a view, its readers and data tests see its rows, and a second run rebuilds nothing", async () => {
    const project = shop();
    const first = await project.run();
    expect(first.failed).toBe(false);
    expect((await kinds(project.root)).int_lines_kept).toBe("view");
    expect(first.tests.find((t) => t.test.relation === "int_lines_kept")?.status).toBe("pass");
    expect((await project.mart("customer_revenue")).map((r) => ({ ...r, revenue: Number(r.revenue) }))).toEqual(expected);
    const second = await project.run();
    expect([status(second, "int_lines_kept"), status(second, "customer_revenue")]).toEqual(["cached", "cached"]);
  });

  test("a view rewritten with the same rows leaves its readers as they were; other rows rebuild them", async () => {
    const project = shop();
    await project.run();
    project.write("models/intermediate/int_lines_kept.sql", "-- the lines sold\nselect customer_id, quantity * unit_price as revenue\nfrom src_order_lines\nwhere quantity > 0");
    const rewritten = await project.run();
    expect([status(rewritten, "int_lines_kept"), status(rewritten, "customer_revenue")]).toEqual(["built", "cached"]);
    expect((await kinds(project.root)).int_lines_kept).toBe("view");
    project.write("models/intermediate/int_lines_kept.sql", "select customer_id, quantity * unit_price as revenue from src_order_lines where quantity > 2");
    const changed = await project.run();
    expect([status(changed, "int_lines_kept"), status(changed, "customer_revenue")]).toEqual(["built", "built"]);
    expect((await project.mart("customer_revenue")).map((r) => ({ ...r, revenue: Number(r.revenue) }))).toEqual([{ customer_id: "1", revenue: 4 }]);
  });

  test("a table becomes a view and a view a table, each rebuilt, with the same marts", async () => {
    const project = shop("table");
    await project.run();
    expect((await kinds(project.root)).int_lines_kept).toBe("table");
    const before = await project.mart("customer_revenue");
    project.write("models/intermediate/lines.yml", spec("view"));
    const asView = await project.run();
    expect([asView.failed, status(asView, "int_lines_kept")]).toEqual([false, "built"]);
    expect((await kinds(project.root)).int_lines_kept).toBe("view");
    project.write("models/intermediate/lines.yml", spec("table"));
    const asTable = await project.run();
    expect([asTable.failed, status(asTable, "int_lines_kept")]).toEqual([false, "built"]);
    expect((await kinds(project.root)).int_lines_kept).toBe("table");
    expect(await project.mart("customer_revenue")).toEqual(before);
  });

  test("a deleted view model is dropped from the warehouse", async () => {
    const project = shop();
    await project.run();
    rmSync(join(project.modelsRoot, "marts", "customer_revenue.sql"));
    rmSync(join(project.modelsRoot, "intermediate", "int_lines_kept.sql"));
    rmSync(join(project.modelsRoot, "intermediate", "lines.yml"));
    const summary = await project.run();
    expect(summary.failed).toBe(false);
    expect((await kinds(project.root)).int_lines_kept).toBeUndefined();
    expect(existsSync(martFile(join(project.root, ".cache"), "customer_revenue"))).toBe(false);
  });

  test("a value other than table or view, or a TypeScript model, is refused naming the file", async () => {
    const wrong = shop("veiw");
    await expect(wrong.run()).rejects.toThrow(/lines\.yml: int_lines_kept: materialized "veiw": use table or view\. Did you mean "view"\?/);
    const ts = shop();
    rmSync(join(ts.modelsRoot, "intermediate", "int_lines_kept.sql"));
    ts.write("models/intermediate/int_lines_kept.ts", `export default { dependsOn: [], columns: { customer_id: "VARCHAR", revenue: "DOUBLE" }, async build() { return []; } };\n`);
    await expect(ts.run()).rejects.toThrow(/lines\.yml: int_lines_kept: materialized: view needs a SQL model, and .*int_lines_kept\.ts is a TypeScript model/);
  });
});
