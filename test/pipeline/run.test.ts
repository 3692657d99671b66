// Content-hash caching: a model is rebuilt exactly when its SQL, an upstream model, a seed, a
// source file or a var it reads changed, and every such edit shows up in the marts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { sqlMacros } from "../../src/components/sql-macros.js";
import { tempProject, uciCsv, uciLine } from "../helpers/temp-project.ts";

function shop() {
  return tempProject({
    "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\nvars:\n  bonus: 1\n",
    "raw/lines.csv": uciCsv([uciLine("500001", 2, 3, "1"), uciLine("500002", 1, 10, "2"), uciLine("500003", 4, 1, "1")]),
    "seeds/weights.csv": "customer_id,weight\n1,1\n2,1\n",
    "models/staging/stg_shop__lines.sql": "select invoice_id, customer_id, quantity * unit_price as revenue from src_order_lines",
    "models/intermediate/int_customers_weighted.sql":
      "with lines as (select * from stg_shop__lines), weights as (select * from weights)\nselect customer_id, sum(revenue * weight) as weighted from lines join weights using (customer_id) group by all",
    "models/marts/customer_value.sql": "select customer_id, weighted * getvariable('bonus') as value from int_customers_weighted",
    "models/marts/line_count.sql": "select count(*) as lines from stg_shop__lines",
  });
}

const statuses = (summary: { steps: { name: string; status: string }[] }) =>
  Object.fromEntries(summary.steps.filter((s) => !s.name.startsWith("src_") || s.name === "src_order_lines").map((s) => [s.name, s.status]));

describe("caching", () => {
  test("a second run rebuilds nothing", async () => {
    const project = shop();
    const first = await project.run();
    expect(Object.values(statuses(first)).every((s) => s === "built")).toBe(true);
    const second = await project.run();
    expect(Object.values(statuses(second)).every((s) => s === "cached")).toBe(true);
    expect(second.exported).toEqual([]);
  });

  test("editing a seed rebuilds what reads it, and the mart shows the change", async () => {
    const project = shop();
    await project.run();
    expect(await project.mart("customer_value")).toEqual([{ customer_id: "1", value: 10 }, { customer_id: "2", value: 10 }]);
    project.write("seeds/weights.csv", "customer_id,weight\n1,1\n2,3\n");
    const summary = await project.run();
    expect(statuses(summary)).toEqual({
      src_order_lines: "cached", weights: "built", stg_shop__lines: "cached",
      int_customers_weighted: "built", customer_value: "built", line_count: "cached",
    });
    expect(await project.mart("customer_value")).toEqual([{ customer_id: "1", value: 10 }, { customer_id: "2", value: 30 }]);
  });

  test("editing a model rebuilds it and everything downstream only", async () => {
    const project = shop();
    await project.run();
    project.write("models/staging/stg_shop__lines.sql", "select invoice_id, customer_id, quantity * unit_price * 2 as revenue from src_order_lines");
    const summary = await project.run();
    expect(statuses(summary)).toMatchObject({ weights: "cached", stg_shop__lines: "built", int_customers_weighted: "built", customer_value: "built", line_count: "built" });
    expect(await project.mart("customer_value")).toEqual([{ customer_id: "1", value: 20 }, { customer_id: "2", value: 20 }]);
  });

  test("changing the source file reloads it and rebuilds its dependants", async () => {
    const project = shop();
    await project.run();
    project.write("raw/lines.csv", uciCsv([uciLine("500001", 2, 3, "1"), uciLine("500002", 1, 10, "2")]));
    const summary = await project.run();
    expect(statuses(summary)).toMatchObject({ src_order_lines: "built", stg_shop__lines: "built", line_count: "built" });
    expect(await project.mart("line_count")).toEqual([{ lines: 2n }]);
  });

  test("changing a var rebuilds only the models that read it", async () => {
    const project = shop();
    await project.run();
    const summary = await project.run({ config: project.config({ vars: ["bonus=2"] }) });
    expect(statuses(summary)).toMatchObject({ int_customers_weighted: "cached", customer_value: "built", line_count: "cached" });
    expect(await project.mart("customer_value")).toEqual([{ customer_id: "1", value: 20 }, { customer_id: "2", value: 20 }]);
  });

  test("editing a shared SQL macro rebuilds the models that call it, and only those", async () => {
    const project = shop();
    project.write("models/marts/share_bounds.sql", "select wilson_low(1, 4) as low from line_count");
    await project.run();
    const original = sqlMacros.wilson_low;
    try {
      // A different formula under the same name, as an edit of src/components/sql-macros.js would be.
      sqlMacros.wilson_low = "(x, n) AS x / n";
      const summary = await project.run();
      expect(statuses(summary)).toMatchObject({ share_bounds: "built", line_count: "cached", customer_value: "cached" });
      expect(await project.mart("share_bounds")).toEqual([{ low: 0.25 }]);
    } finally {
      sqlMacros.wilson_low = original;
    }
  });

  test("a model calling a macro rebuilds when a macro that one calls is edited", async () => {
    const project = shop();
    project.write("models/marts/period_ends.sql", "select period_is_complete(DATE '2024-01-08', 'week', DATE '2024-01-13') as complete from line_count");
    await project.run();
    const original = sqlMacros.period_end_of;
    try {
      // period_is_complete calls period_end_of: a week now ends on its first day.
      sqlMacros.period_end_of = "(period_start, grain) AS CAST(period_start AS DATE)";
      const summary = await project.run();
      expect(statuses(summary)).toMatchObject({ period_ends: "built", line_count: "cached" });
      expect(await project.mart("period_ends")).toEqual([{ complete: true }]);
    } finally {
      sqlMacros.period_end_of = original;
    }
  });

  test("a deleted model loses its table and its mart file", async () => {
    const project = shop();
    await project.run();
    const { rmSync, existsSync } = await import("node:fs");
    rmSync(join(project.modelsRoot, "marts", "line_count.sql"));
    await project.run();
    expect(existsSync(martFile(join(project.root, ".cache"), "line_count"))).toBe(false);
    expect(existsSync(martFile(join(project.root, ".cache"), "customer_value"))).toBe(true);
  });

  test("a full refresh rebuilds everything and writes byte-identical marts", async () => {
    const project = shop();
    await project.run();
    const before = readFileSync(martFile(join(project.root, ".cache"), "customer_value"));
    const summary = await project.run({ fullRefresh: true });
    expect(Object.values(statuses(summary)).every((s) => s === "built")).toBe(true);
    expect(readFileSync(martFile(join(project.root, ".cache"), "customer_value")).equals(before)).toBe(true);
  });

  test("--select builds a model and its upstream only", async () => {
    const project = shop();
    const summary = await project.run({ select: ["int_customers_weighted"] });
    expect(summary.steps.filter((s) => s.kind === "model").map((s) => s.name)).toEqual(["stg_shop__lines", "int_customers_weighted"]);
  });

  test("--select with + adds everything downstream", async () => {
    const project = shop();
    const summary = await project.run({ select: ["stg_shop__lines+"] });
    expect(summary.steps.filter((s) => s.kind === "model").map((s) => s.name).sort()).toEqual(["customer_value", "int_customers_weighted", "line_count", "stg_shop__lines"]);
  });
});

describe("a model rebuilt with the same rows (early cutoff)", () => {
  const stg = "models/staging/stg_shop__lines.sql";
  const stgSql = "select invoice_id, customer_id, quantity * unit_price as revenue from src_order_lines";

  test("leaves the models that read it, their tests and their marts as they were; new rows still reach them", async () => {
    const project = shop();
    project.write("models/marts/lines_copy.sql", "select * from stg_shop__lines order by invoice_id");
    project.write("models/intermediate/intermediate.yml", "models:\n  - name: int_customers_weighted\n    columns:\n      - name: customer_id\n        tests: [not_null, unique]\n  - name: stg_shop__lines\n    columns:\n      - name: invoice_id\n        tests: [unique]\n");
    await project.run();
    const before = readFileSync(martFile(join(project.root, ".cache"), "customer_value"));
    project.write(stg, `-- the lines' revenue\n${stgSql.replace("from", "\nfrom")}`);
    const rewritten = await project.run();
    expect(statuses(rewritten)).toMatchObject({ stg_shop__lines: "built", int_customers_weighted: "cached", customer_value: "cached", line_count: "cached", lines_copy: "cached" });
    expect(rewritten.log.some((line) => /int_customers_weighted +cached +what it reads holds the same rows as before/.test(line))).toBe(true);
    expect(rewritten.exported).toEqual([]);
    // The rewritten model's own test too: its rows are the same.
    expect(rewritten.tests.map((t) => t.test.id).sort()).toEqual(["int_customers_weighted.customer_id.not_null", "int_customers_weighted.customer_id.unique", "stg_shop__lines.invoice_id.unique"]);
    expect(rewritten.log.some((line) => /tests +3 passed.*3 of them kept from an earlier run/.test(line))).toBe(true);
    expect(readFileSync(martFile(join(project.root, ".cache"), "customer_value")).equals(before)).toBe(true);
    // A further run trusts what the cut-off one recorded.
    expect(Object.values(statuses(await project.run())).every((s) => s === "cached")).toBe(true);
    // A seed row that no line joins: the model reading the seed is rebuilt, what reads that model is not.
    project.write("seeds/weights.csv", "customer_id,weight\n1,1\n2,1\n3,5\n");
    expect(statuses(await project.run())).toMatchObject({ weights: "built", int_customers_weighted: "built", customer_value: "cached", line_count: "cached" });

    project.write(stg, stgSql.replace("quantity * unit_price", "quantity * unit_price * 2"));
    const changed = await project.run();
    expect(statuses(changed)).toMatchObject({ stg_shop__lines: "built", int_customers_weighted: "built", customer_value: "built", line_count: "built", lines_copy: "built" });
    expect(await project.mart("customer_value")).toEqual([{ customer_id: "1", value: 20 }, { customer_id: "2", value: 20 }]);
  });

  test("the same values under another name, of another type or in another column order are other rows: a reader of every column is rebuilt", async () => {
    const project = tempProject({
      "models/staging/stg_numbers.sql": "select 1 as n, 'a' as label",
      "models/marts/numbers_copy.sql": "select * from stg_numbers",
    });
    await project.run();
    for (const [sql, row] of [
      ["select 1 as number, 'a' as label", { number: 1, label: "a" }],
      ["select cast(1 as bigint) as number, 'a' as label", { number: 1n, label: "a" }],
      ["select 'a' as label, cast(1 as bigint) as number", { label: "a", number: 1n }],
    ] as const) {
      project.write("models/staging/stg_numbers.sql", sql);
      expect(statuses(await project.run())).toMatchObject({ stg_numbers: "built", numbers_copy: "built" });
      const [copied] = await project.mart("numbers_copy");
      expect(Object.entries(copied)).toEqual(Object.entries(row));
    }
  });

  test("a full refresh rebuilds the readers too", async () => {
    const project = shop();
    await project.run();
    const summary = await project.run({ fullRefresh: true });
    expect(Object.values(statuses(summary)).every((s) => s === "built")).toBe(true);
  });
});

describe("failures", () => {
  test("a failing model is reported with its file and DuckDB's message; dependants are skipped, the rest built", async () => {
    const project = shop();
    project.write("models/intermediate/int_customers_weighted.sql", "select customer_id, sum(revenu) as weighted\nfrom stg_shop__lines group by all");
    const summary = await project.run();
    expect(summary.failed).toBe(true);
    expect(statuses(summary)).toMatchObject({ int_customers_weighted: "failed", customer_value: "skipped", line_count: "built" });
    const report = summary.log.join("\n");
    expect(report).toMatch(/models\/intermediate\/int_customers_weighted\.sql: Binder Error: Referenced column "revenu" not found/);
    expect(report).toContain("LINE 1:");
    expect(report).toContain("customer_value");
    expect(report).toMatch(/skipped: int_customers_weighted failed/);
  });

  test("after fixing the model the next run builds it and its dependants", async () => {
    const project = shop();
    const good = readFileSync(join(project.modelsRoot, "intermediate", "int_customers_weighted.sql"), "utf8");
    project.write("models/intermediate/int_customers_weighted.sql", "select nonsense from stg_shop__lines");
    expect((await project.run()).failed).toBe(true);
    project.write("models/intermediate/int_customers_weighted.sql", good);
    const summary = await project.run();
    expect(summary.failed).toBe(false);
    expect(statuses(summary)).toMatchObject({ int_customers_weighted: "built", customer_value: "built" });
  });
});

describe("TypeScript models", () => {
  const tsModel = (factor: number) => `export default {
  dependsOn: ["stg_shop__lines"],
  vars: ["bonus"],
  columns: { customer_id: "VARCHAR", orders: "INTEGER", score: "DOUBLE" },
  async build({ query, vars }) {
    const rows = await query("select customer_id, count(*) as n from stg_shop__lines group by 1 order by 1");
    return rows.map((r) => ({ customer_id: r.customer_id, orders: Number(r.n), score: Number(r.n) * ${factor} * Number(vars.bonus) }));
  },
};
`;

  test("build from what they depend on, cache, and rebuild when edited", async () => {
    const project = shop();
    project.write("models/marts/customer_orders.ts", tsModel(10));
    const first = await project.run();
    expect(first.failed).toBe(false);
    expect(await project.mart("customer_orders")).toEqual([{ customer_id: "1", orders: 2, score: 20 }, { customer_id: "2", orders: 1, score: 10 }]);
    expect(statuses(await project.run())).toMatchObject({ customer_orders: "cached" });
    project.write("models/marts/customer_orders.ts", tsModel(100));
    expect(statuses(await project.run())).toMatchObject({ customer_orders: "built" });
    expect(await project.mart("customer_orders")).toEqual([{ customer_id: "1", orders: 2, score: 200 }, { customer_id: "2", orders: 1, score: 100 }]);
    expect(statuses(await project.run({ config: project.config({ vars: ["bonus=3"] }) }))).toMatchObject({ customer_orders: "built", line_count: "cached" });
  });

  test("an error thrown by a TypeScript model names its file", async () => {
    const project = shop();
    project.write("models/marts/broken.ts", `export default { dependsOn: [], columns: { x: "INTEGER" }, async build() { throw new Error("no data to fit"); } };\n`);
    const summary = await project.run();
    expect(summary.failed).toBe(true);
    expect(summary.log.join("\n")).toMatch(/models\/marts\/broken\.ts: no data to fit/);
  });

  test("a TypeScript model whose sql() has nothing to select is an empty table of its columns", async () => {
    const project = shop();
    project.write("models/marts/nothing.ts", `export default { dependsOn: ["stg_shop__lines"], columns: { x: "INTEGER", y: "VARCHAR" }, async sql() { return ""; } };\n`);
    const summary = await project.run();
    expect(summary.failed).toBe(false);
    expect(await project.mart("nothing")).toEqual([]);
  });

  test("a TypeScript model's rows keep every value: doubles to the last bit, DECIMAL digits, dates, NaN and infinities, nulls", async () => {
    const project = shop();
    // 0.1 + 0.2 and 1 / 3 need 17 significant digits; read as SQL literals (through DECIMAL) some such doubles moved by one unit in the last place.
    project.write(
      "models/marts/exact.ts",
      `export default { dependsOn: [], columns: { i: "INTEGER", d: "DOUBLE", m: "DECIMAL(38,4)", day: "DATE", ok: "BOOLEAN", n: "BIGINT", note: "VARCHAR" }, async build() { return [
        { i: 1, d: 0.1 + 0.2, m: "12345678901234.5678", day: new Date(Date.UTC(2024, 1, 29)), ok: true, n: 9007199254740993n, note: "it's" },
        { i: 2, d: 1 / 3, m: "-0.0001", day: null, ok: false, n: -1, note: null },
        { i: 3, d: 0.0021669840011471282, m: null, day: null, ok: null, n: null, note: "" },
        { i: 4, d: Number.NaN, m: "0", day: null, ok: null, n: null, note: null },
        { i: 5, d: Number.POSITIVE_INFINITY, m: "0", day: null, ok: null, n: null, note: null },
        { i: 6, d: Number.NEGATIVE_INFINITY, m: "0", day: null, ok: null, n: null, note: null },
      ]; } };\n`,
    );
    const summary = await project.run();
    expect(summary.failed).toBe(false);
    const rows = await project.mart("exact");
    expect(rows.map((r) => r.d)).toEqual([0.1 + 0.2, 1 / 3, 0.0021669840011471282, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    // The DECIMAL as the warehouse holds it (mart files carry DECIMALs as DOUBLE, which could not hold these 18 digits).
    await project.withWarehouse(async (connection) => {
      expect((await queryRows(connection, "SELECT cast(m AS VARCHAR) AS m FROM exact ORDER BY i")).map((r) => r.m)).toEqual(["12345678901234.5678", "-0.0001", null, "0.0000", "0.0000", "0.0000"]);
    });
    expect(rows[0].day).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(rows.map((r) => r.ok)).toEqual([true, false, null, null, null, null]);
    expect(rows.map((r) => r.n)).toEqual([9007199254740993n, -1n, null, null, null, null]);
    expect(rows.map((r) => r.note)).toEqual(["it's", null, "", null, null, null]);
  });

  test("a TypeScript model's ENUM column keeps the type its SELECT gives; another type, or ENUM in a build() model, fails naming the column", async () => {
    const project = shop();
    project.write(
      "models/marts/coded.ts",
      `export default { dependsOn: ["stg_shop__lines"], columns: { customer_id: "ENUM", revenue: "DOUBLE" }, async sql({ query }) {
        const ids = (await query("select distinct customer_id from stg_shop__lines order by 1")).map((r) => "'" + r.customer_id + "'");
        return "select cast(customer_id as enum(" + ids.join(", ") + ")) as customer_id, revenue from stg_shop__lines";
      } };\n`,
    );
    expect((await project.run()).failed).toBe(false);
    await project.withWarehouse(async (connection) => {
      expect((await queryRows(connection, "SELECT column_type FROM (DESCRIBE coded) WHERE column_name = 'customer_id'"))[0].column_type).toBe("ENUM('1', '2')");
    });
    // The mart file carries the values as text.
    expect((await project.mart("coded")).map((r) => r.customer_id).sort()).toEqual(["1", "1", "2"]);
    const columns = JSON.parse(readFileSync(join(project.root, ".cache", "table-columns.json"), "utf8")).coded;
    expect(columns[0]).toEqual({ name: "customer_id", type: "ENUM (2 values)" });

    project.write("models/marts/coded.ts", `export default { dependsOn: ["stg_shop__lines"], columns: { customer_id: "ENUM" }, async sql() { return "select 1 as customer_id"; } };\n`);
    const summary = await project.run();
    expect(summary.failed).toBe(true);
    expect(summary.log.join("\n")).toMatch(/models\/marts\/coded\.ts: column customer_id is declared ENUM, but its SELECT gives INTEGER/);
    // Checked before the table is written: the last good one stays.
    await project.withWarehouse(async (connection) => {
      expect((await queryRows(connection, "SELECT column_type FROM (DESCRIBE coded) WHERE column_name = 'customer_id'"))[0].column_type).toBe("ENUM('1', '2')");
    });

    project.write("models/marts/coded.ts", `export default { dependsOn: [], columns: { customer_id: "ENUM" }, async build() { return []; } };\n`);
    const refused = await project.run().catch((error) => ({ failed: true, log: [String(error)] }));
    expect(refused.failed).toBe(true);
    expect(refused.log.join("\n")).toMatch(/a column typed "ENUM" takes its values from the SELECT: only a model with sql\(context\) may declare one/);
  });

  test("a TypeScript model that reads a table it did not declare fails naming the table", async () => {
    const project = shop();
    project.write("models/marts/sneaky.ts", `export default { dependsOn: ["line_count"], columns: { n: "BIGINT" }, async build({ query }) { await query("select * from line_count"); return query("select count(*) as n from stg_shop__lines"); } };\n`);
    const summary = await project.run();
    expect(summary.failed).toBe(true);
    expect(summary.log.join("\n")).toMatch(/models\/marts\/sneaky\.ts: reads the table stg_shop__lines, which is not in its dependsOn \(line_count\)/);
    project.write("models/marts/sneaky.ts", `export default { dependsOn: ["line_count", "stg_shop__lines"], columns: { n: "BIGINT" }, async build({ query }) { return query("select count(*) as n from stg_shop__lines"); } };\n`);
    expect((await project.run()).failed).toBe(false);
    expect(await project.mart("sneaky")).toEqual([{ n: 3n }]);
  });

  test("a TypeScript model's reader connection streams its declared inputs while the model writes, and sees nothing else", async () => {
    const project = shop();
    // Rows read from a stream on the reader, each written through the model's own connection as it
    // comes (on one connection the write would close the stream).
    project.write(
      "models/marts/streamed.ts",
      `export default { dependsOn: ["stg_shop__lines"], columns: { n: "BIGINT" }, async sql({ connection, openReader }) {
        const reader = await openReader();
        await connection.run("create temp table seen (n bigint)");
        const stream = await reader.stream("select row_number() over () as n from stg_shop__lines, range(3000)");
        for (let chunk = await stream.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await stream.fetchChunk()) await connection.run("insert into seen values (" + chunk.rowCount + ")");
        return "select sum(n) as n from seen";
      } };\n`,
    );
    expect((await project.run()).failed).toBe(false);
    expect(await project.mart("streamed")).toEqual([{ n: 9000n }]);
    project.write("models/marts/peeking.ts", `export default { dependsOn: ["line_count"], columns: { n: "BIGINT" }, async sql({ openReader }) { await (await openReader()).run("select * from stg_shop__lines"); return "select 1 as n"; } };\n`);
    const summary = await project.run();
    expect(summary.failed).toBe(true);
    expect(summary.log.join("\n")).toMatch(/models\/marts\/peeking\.ts: reads the table stg_shop__lines, which is not in its dependsOn \(line_count\)/);
  });

  test("an unknown dependency is refused", async () => {
    const project = shop();
    project.write("models/marts/lost.ts", `export default { dependsOn: ["stg_shop__line"], columns: { x: "INTEGER" }, async build() { return []; } };\n`);
    await expect(project.run()).rejects.toThrow(/"stg_shop__line" is not a model, seed or source\. Did you mean "stg_shop__lines"\?/);
  });
});
