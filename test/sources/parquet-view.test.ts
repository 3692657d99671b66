// A Parquet source is read where it lies, through a view (loadFile), instead of being copied into
// the warehouse: the models see the same rows as from a copy, a source whose rows a step after the
// read changes stays a table, a source can switch between the two, and a Parquet file replaced
// while the build reads it fails the run before any mart is written.
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import { martsDir } from "../../data-loaders/pipeline/export-marts.ts";
import { tempProject, uciCsv, uciLine, type TempProject } from "../helpers/temp-project.ts";

const model = "select cast(invoiced_at as date) as day, customer_id, line_number, count(*) as lines, sum(quantity * unit_price) as revenue from src_order_lines group by all";
const lines = [uciLine("500001", 2, 3, "1"), uciLine("500002", 1, 10.5, "2"), uciLine("500012", 1, 5, "1"), uciLine("500012", 1, 5, "1")];

/** The CSV's rows as a Parquet file, every column text (as many exports write them). */
async function writeParquet(project: TempProject, csvPath: string, parquetPath: string): Promise<void> {
  mkdirSync(dirname(join(project.root, parquetPath)), { recursive: true });
  const { instance, connection } = await openDatabase();
  try {
    await connection.run(`COPY (SELECT * FROM read_csv('${join(project.root, csvPath)}', all_varchar = true)) TO '${join(project.root, parquetPath)}' (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function shop(source: string, files: Record<string, string> = {}): TempProject {
  return tempProject({
    "analytics.config.yml": `name: test\nsources:\n  order_lines: ${source}\n`,
    "raw/lines.csv": uciCsv(lines),
    "models/marts/daily_revenue.sql": model,
    ...files,
  });
}

const table = (project: TempProject) => project.queryWarehouse("select strftime(day, '%Y-%m-%d') as day, customer_id, line_number, lines::int as lines, revenue::double as revenue from daily_revenue order by all");
const kind = async (project: TempProject) => (await project.queryWarehouse("select table_type from information_schema.tables where table_name = 'src_order_lines'"))[0]?.table_type;

async function build(project: TempProject) {
  const run = await project.run();
  expect(run.failed, run.log.join("\n")).toBe(false);
  return table(project);
}

describe("a Parquet source read through a view", () => {
  test("gives the models the rows a copy gives, and a source whose rows a later step changes stays a table", async () => {
    const fromCsv = await build(shop("{path: raw/lines.csv, preset: uci_online_retail}"));
    const parquet = shop("{path: raw/lines.parquet, preset: uci_online_retail}");
    await writeParquet(parquet, "raw/lines.csv", "raw/lines.parquet");
    expect(await build(parquet)).toEqual(fromCsv);
    expect(await kind(parquet)).toBe("VIEW");
    expect(fromCsv.map((r) => Number(r.lines))).toEqual([1, 2, 1]);

    const numbered = shop("{path: raw/lines.parquet, preset: uci_online_retail, number_lines: true}");
    await writeParquet(numbered, "raw/lines.csv", "raw/lines.parquet");
    const rows = await build(numbered);
    expect(await kind(numbered)).toBe("BASE TABLE");
    expect(rows.map((r) => Number(r.line_number)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]); // the two identical lines told apart

    // The same project switched to the CSV (a table) and back (a view).
    numbered.write("analytics.config.yml", "name: test\nsources:\n  order_lines: {path: raw/lines.csv, preset: uci_online_retail}\n");
    expect(await build(numbered)).toEqual(fromCsv);
    expect(await kind(numbered)).toBe("BASE TABLE");
    numbered.write("analytics.config.yml", "name: test\nsources:\n  order_lines: {path: raw/lines.parquet, preset: uci_online_retail}\n");
    expect(await build(numbered)).toEqual(fromCsv);
    expect(await kind(numbered)).toBe("VIEW");
  });

  test("a folder's Parquet files are views, one per path: two files of the same content, then one removed", async () => {
    const project = shop("{path: raw/parts/, preset: uci_online_retail}");
    await writeParquet(project, "raw/lines.csv", "raw/parts/a.parquet");
    await writeParquet(project, "raw/lines.csv", "raw/parts/b.parquet");
    const twice = await build(project);
    expect(twice.map((r) => Number(r.lines))).toEqual([2, 4, 2]);
    const views = await project.queryWarehouse("select count(*)::int as n from duckdb_views() where starts_with(view_name, '_srcfile__order_lines__')");
    expect(views).toEqual([{ n: 2 }]);
    rmSync(join(project.root, "raw/parts/a.parquet"));
    expect((await build(project)).map((r) => Number(r.lines))).toEqual([1, 2, 1]);
  });

  test("a Parquet file replaced while the build reads it fails the run, and no mart is written", async () => {
    // A model that rewrites the source's file as it runs, as an export landing mid-build would.
    const rewrite = `import { utimesSync } from "node:fs";
export default { dependsOn: ["src_order_lines"], columns: { n: "BIGINT" }, async build({ query }) {
  utimesSync(${JSON.stringify("PATH")}, new Date(), new Date(Date.now() + 60_000));
  return query("select count(*) as n from src_order_lines");
} };\n`;
    const project = shop("{path: raw/lines.parquet, preset: uci_online_retail}");
    await writeParquet(project, "raw/lines.csv", "raw/lines.parquet");
    project.write("models/marts/line_count.ts", rewrite.replace("PATH", join(project.root, "raw/lines.parquet")));
    await expect(project.run()).rejects.toThrow(/raw\/lines\.parquet changed while the build read it: no mart was written; run the build again/);
    const marts = martsDir(join(project.root, ".cache"));
    expect(existsSync(marts) ? readdirSync(marts) : []).toEqual([]);
  });
});
