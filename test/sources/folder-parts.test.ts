// A folder source keeps one table per file (data-loaders/sources/file-parts.ts): a rebuild after a
// file is added, edited or removed reads only the new and edited files, and the source, its models
// and their tables equal a fresh build of the same folder. The source is a view over the files'
// tables unless a step after the read changes its rows; a source that stops being a folder drops them.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { tempProject, uciCsv, uciLine, type TempProject } from "../helpers/temp-project.ts";

const model = "select cast(invoiced_at as date) as day, customer_id, line_number, count(*) as lines, sum(quantity * unit_price) as revenue from src_order_lines group by all";

// uciLine(invoice, ...) dates a line on day <the invoice's last digit> of January 2011.
const month = (n: number) => uciCsv([uciLine(`50000${n}`, n, 3, "1"), uciLine(`50001${n}`, 1, 10 + n, "2")]);

function shop(files: Record<string, string>, source = "{path: raw/, preset: uci_online_retail}"): TempProject {
  return tempProject({
    "analytics.config.yml": `name: test\nsources:\n  order_lines: ${source}\n`,
    "models/marts/daily_revenue.sql": model,
    ...files,
  });
}

const table = (project: TempProject) => project.queryWarehouse("select strftime(day, '%Y-%m-%d') as day, customer_id, line_number, lines::int as lines, revenue::double as revenue from daily_revenue order by all");
const kind = async (project: TempProject) => (await project.queryWarehouse("select table_type from information_schema.tables where table_name = 'src_order_lines'"))[0]?.table_type;
const partTables = async (project: TempProject) => (await project.queryWarehouse("select table_name from duckdb_tables() where starts_with(table_name, '_srcfile__order_lines__')")).length;
const readLine = (log: string[]) => log.find((l) => /files read, \d+ kept/.test(l))?.trim();

/** daily_revenue as a build of `files` in a project of its own gives it. */
async function fresh(files: Record<string, string>, source?: string) {
  const project = shop(files, source);
  const run = await project.run();
  expect(run.failed, run.log.join("\n")).toBe(false);
  return table(project);
}

async function run(project: TempProject) {
  const result = await project.run();
  expect(result.failed, result.log.join("\n")).toBe(false);
  return result.log;
}

describe("a folder source keeps a table per file", () => {
  test("added, edited and removed files: only new contents are read, and every build equals a fresh one", async () => {
    const files: Record<string, string> = { "raw/1.csv": month(1), "raw/2.csv": month(2), "raw/3.csv": month(3) };
    const project = shop(files);
    expect(readLine(await run(project))).toBe("order_lines: 3 of 3 files read, 0 kept from the last build");
    expect(await kind(project)).toBe("VIEW");
    expect(await table(project)).toEqual(await fresh(files));

    project.write("raw/4.csv", month(4));
    files["raw/4.csv"] = month(4);
    expect(readLine(await run(project))).toBe("order_lines: 1 of 4 files read, 3 kept from the last build");
    expect(await table(project)).toEqual(await fresh(files));
    expect((await table(project)).length).toBe(8);

    files["raw/2.csv"] = uciCsv([uciLine("500002", 7, 3, "1")]);
    project.write("raw/2.csv", files["raw/2.csv"]);
    expect(readLine(await run(project))).toBe("order_lines: 1 of 4 files read, 3 kept from the last build");
    expect(await table(project)).toEqual(await fresh(files));
    expect(await partTables(project)).toBe(4); // the edited file's old table is gone
    expect(await project.queryWarehouse("select count(*)::int as n from _source_files")).toEqual([{ n: 4 }]);

    rmSync(join(project.root, "raw/3.csv"));
    delete files["raw/3.csv"];
    expect(readLine(await run(project))).toBe("order_lines: 0 of 3 files read, 3 kept from the last build");
    expect(await table(project)).toEqual(await fresh(files));
    expect(await partTables(project)).toBe(3);

    // Nothing changed: the source is not even reloaded.
    expect(readLine(await run(project))).toBeUndefined();
  });

  test("a source whose rows a later step changes (numbered lines) is a table, its files still kept", async () => {
    const source = "{path: raw/, preset: uci_online_retail, number_lines: true}";
    const files: Record<string, string> = { "raw/1.csv": month(1), "raw/2.csv": month(2) };
    const project = shop(files, source);
    await run(project);
    expect(await kind(project)).toBe("BASE TABLE");
    files["raw/3.csv"] = month(3);
    project.write("raw/3.csv", month(3));
    expect(readLine(await run(project))).toBe("order_lines: 1 of 3 files read, 2 kept from the last build");
    const rows = await table(project);
    expect(rows).toEqual(await fresh(files, source));
    expect(rows.map((r) => Number(r.line_number)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]); // numbered over all files
  });

  test("a folder that becomes one file (and back) leaves no file tables behind, and reads every file again", async () => {
    const files = { "raw/1.csv": month(1), "raw/2.csv": month(2), "one/all.csv": uciCsv([uciLine("500001", 1, 3, "1")]) };
    const project = shop(files);
    await run(project);
    expect(await partTables(project)).toBe(2);
    project.write("analytics.config.yml", "name: test\nsources:\n  order_lines: {path: one/all.csv, preset: uci_online_retail}\n");
    await run(project);
    expect(await kind(project)).toBe("BASE TABLE");
    expect(await partTables(project)).toBe(0);
    expect((await table(project)).length).toBe(1);
    project.write("analytics.config.yml", "name: test\nsources:\n  order_lines: {path: raw/, preset: uci_online_retail}\n");
    expect(readLine(await run(project))).toBe("order_lines: 2 of 2 files read, 0 kept from the last build");
    expect(await kind(project)).toBe("VIEW");
    expect((await table(project)).length).toBe(4);
  });

  test("the date order a kept file decided holds for the files read after it", async () => {
    const line = (invoice: string, date: string) => `${invoice},P1,THING,1,${date} 10:00,2.5,1.0,United Kingdom`;
    const files = { "raw/1.csv": uciCsv([line("500001", "25/01/2011")]) };
    const project = shop(files);
    await run(project);
    // Every date of the new file reads both ways: it takes the day-first order the kept file decided.
    project.write("raw/2.csv", uciCsv([line("500002", "03/02/2011")]));
    const log = await run(project);
    expect(log.join("\n")).toMatch(/every date reads both ways; read as "%d\/%m\/%Y %H:%M", as \S*raw\/1\.csv of the same source decided/);
    expect((await table(project)).map((r) => r.day)).toEqual(["2011-01-25", "2011-02-03"]);
    // A new file that decides month-first contradicts it.
    project.write("raw/3.csv", uciCsv([line("500003", "01/30/2011")]));
    await expect(project.run()).rejects.toThrow(/raw\/3\.csv reads its dates as "%m\/%d\/%Y %H:%M" but \S*raw\/1\.csv, of the same source, as "%d\/%m\/%Y %H:%M"/);
  });
});
