// A model declared `incremental: {input, partition, column}` is rebuilt by partition when only that
// input changed: the partitions whose rows changed (new, edited or gone) are recomputed, the others
// kept, and the table equals a full build of the same input; anything else that changed rebuilds it
// whole; a declaration that does not hold, or cannot, is refused naming the file.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { tempProject, uciCsv, uciLine, type TempProject } from "../helpers/temp-project.ts";

const yml = (incremental = "{input: src_order_lines, partition: \"cast(invoiced_at as date)\", column: day}") =>
  `models:\n  - name: daily_revenue\n    incremental: ${incremental}\n`;
const model = "select cast(invoiced_at as date) as day, customer_id, count(*) as lines, sum(quantity * unit_price) as revenue from src_order_lines group by all";

// uciLine(invoice, ...) dates a line on day <the invoice's last digit> of January 2011.
const v1 = [uciLine("500001", 2, 3, "1"), uciLine("500002", 1, 10, "2"), uciLine("500012", 1, 5, "1")];

function shop(lines: string[], files: Record<string, string> = {}): TempProject {
  return tempProject({
    "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n",
    "raw/lines.csv": uciCsv(lines),
    "models/marts/daily_revenue.sql": model,
    "models/marts/daily.yml": yml(),
    ...files,
  });
}

const table = (project: TempProject) => project.queryWarehouse("select strftime(day, '%Y-%m-%d') as day, customer_id, lines::int as lines, revenue::double as revenue from daily_revenue order by all");
const incrementalLine = (log: string[]) => log.find((l) => /partition\(s\) of src_order_lines/.test(l));

/** The table a full build of `lines` gives, in a project of its own. */
async function fullBuild(lines: string[]) {
  const project = shop(lines);
  expect((await project.run()).failed).toBe(false);
  return table(project);
}

describe("incremental models", () => {
  test("appended rows: only their days are recomputed, and the table equals a full build", async () => {
    const project = shop(v1);
    const first = await project.run();
    expect(first.failed).toBe(false);
    expect(incrementalLine(first.log)).toBeUndefined(); // the first build is a full one
    const v2 = [...v1, uciLine("500003", 4, 1, "3"), uciLine("500022", 2, 2, "2")];
    project.write("raw/lines.csv", uciCsv(v2));
    const second = await project.run();
    expect(second.failed).toBe(false);
    expect(incrementalLine(second.log)).toBe("  daily_revenue: 2 of 3 partition(s) of src_order_lines by cast(invoiced_at as date) changed, recomputing only them (2011-01-02, 2011-01-03)");
    expect(await table(project)).toEqual(await fullBuild(v2));
    expect((await table(project)).map((r) => r.day)).toEqual(["2011-01-01", "2011-01-02", "2011-01-02", "2011-01-03"]);
  });

  test("an edited old row recomputes its day, a day whose rows are all gone is deleted, and nothing changed recomputes nothing", async () => {
    const project = shop([...v1, uciLine("500003", 4, 1, "3")]);
    await project.run();
    const edited = [uciLine("500001", 5, 3, "1"), uciLine("500002", 1, 10, "2"), uciLine("500012", 1, 5, "1")];
    project.write("raw/lines.csv", uciCsv(edited));
    const run = await project.run();
    expect(incrementalLine(run.log)).toBe("  daily_revenue: 2 of 2 partition(s) of src_order_lines by cast(invoiced_at as date) changed, recomputing only them (2011-01-01, 2011-01-03)");
    expect(await table(project)).toEqual(await fullBuild(edited));
    // The same rows in another order: the source is reloaded, no partition's rows changed.
    project.write("raw/lines.csv", uciCsv([...edited].reverse()));
    const reordered = await project.run();
    expect(incrementalLine(reordered.log)).toBe("  daily_revenue: 0 of 2 partition(s) of src_order_lines by cast(invoiced_at as date) changed");
    expect(await table(project)).toEqual(await fullBuild(edited));
  });

  test("a change to the model's SQL, or --full-refresh, rebuilds the whole table", async () => {
    const project = shop(v1);
    await project.run();
    project.write("raw/lines.csv", uciCsv([...v1, uciLine("500003", 4, 1, "3")]));
    project.write("models/marts/daily_revenue.sql", `-- revenue per day and customer\n${model}`);
    const edited = await project.run();
    expect(edited.steps.find((s) => s.name === "daily_revenue")?.status).toBe("built");
    expect(incrementalLine(edited.log)).toBeUndefined();
    project.write("raw/lines.csv", uciCsv(v1));
    const refreshed = await project.run({ fullRefresh: true });
    expect(incrementalLine(refreshed.log)).toBeUndefined();
    expect(await table(project)).toEqual(await fullBuild(v1));
  });

  test("a column that is not the partition fails the rebuild and leaves the table as it was", async () => {
    const project = shop(v1, { "models/marts/daily.yml": yml("{input: src_order_lines, partition: \"cast(invoiced_at as date)\", column: customer_id}") });
    await project.run();
    const before = await table(project);
    project.write("raw/lines.csv", uciCsv([...v1, uciLine("500003", 4, 1, "3")]));
    const run = await project.run();
    expect(run.failed).toBe(true);
    expect(run.log.join("\n")).toMatch(/daily_revenue: incremental: 1 row\(s\) computed from src_order_lines's changed partitions have a customer_id outside them, so customer_id is not the partition "cast\(invoiced_at as date\)"; fix or remove incremental in the model's YAML/);
    expect(await table(project)).toEqual(before);
  });

  test("a declaration that cannot hold is refused naming the file", async () => {
    await expect(shop(v1, { "models/marts/daily.yml": yml("{input: src_order_lines, column: day}") }).run()).rejects.toThrow(/daily\.yml: daily_revenue: incremental: partition is missing \(give input, partition and column\)/);
    await expect(shop(v1, { "models/marts/daily.yml": yml("{input: src_events, partition: \"1\", column: day}") }).run()).rejects.toThrow(/daily\.yml: daily_revenue: incremental: input src_events is not a table the model reads \(it reads src_order_lines\)/);
    await expect(shop(v1, { "models/marts/daily.yml": `${yml()}    materialized: view\n` }).run()).rejects.toThrow(/daily\.yml: daily_revenue: incremental needs a table/);
    await expect(shop(v1, { "models/marts/daily.yml": yml("{input: src_order_lines, partition: \"1\", colum: day}") }).run()).rejects.toThrow(/incremental: unknown key "colum"\. Did you mean "column"\?/);
    const ts = shop(v1);
    rmSync(join(ts.modelsRoot, "marts", "daily_revenue.sql"));
    ts.write("models/marts/daily_revenue.ts", `export default { dependsOn: [], columns: { day: "DATE" }, async build() { return []; } };\n`);
    await expect(ts.run()).rejects.toThrow(/daily\.yml: daily_revenue: incremental needs a SQL model, and .*daily_revenue\.ts is a TypeScript model/);
  });
});
