// A folder or a glob of monthly files reads as one table equal to the single file; each file is
// checked on its own, so an error names the file of the bad row; a glob matching nothing is named.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const config = (path: string) => `name: test\nsources:\n  order_lines:\n    path: ${path}\n    preset: uci_online_retail\n`;
// 18 months, a few lines each, with a guest and a credit note among them.
const months = Array.from({ length: 18 }, (_, m) => {
  const month = new Date(Date.UTC(2010, m, 1)).toISOString().slice(0, 7);
  return { month, lines: [1, 2, 3].map((d) => `${m * 10 + d},P${d},ITEM ${d},${d === 3 ? -1 : d},${month}-0${d} 10:00:00,${d}.25,${d === 2 ? "" : `${1000 + m}.0`},United Kingdom`).map((l, i) => (i === 2 ? `C${l}` : l)) };
});

async function rows(files: Record<string, string>): Promise<Row[]> {
  const project = tempProject(files);
  await project.run();
  const { instance, connection } = await openDatabase(`${project.root}/.cache/warehouse.duckdb`);
  try {
    return await queryRows(connection, "select * from src_order_lines order by all");
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("folder and glob sources", () => {
  const monthly = Object.fromEntries(months.map(({ month, lines }) => [`exports/${month}.csv`, uciCsv(lines)]));
  const single = { "all.csv": uciCsv(months.flatMap((m) => m.lines)) };

  test("a glob over 18 monthly files and the folder itself equal the single file", async () => {
    const whole = await rows({ "analytics.config.yml": config("all.csv"), ...single });
    expect(whole).toHaveLength(54);
    expect(await rows({ "analytics.config.yml": config("exports/*.csv"), ...monthly })).toEqual(whole);
    expect(await rows({ "analytics.config.yml": config("exports"), ...monthly, "exports/README.md": "not data" })).toEqual(whole);
  });

  test("a hive-partitioned tree of files is found under the folder", () => {
    const project = tempProject({ "exports/year=2011/month=01/part.csv": uciCsv(months[0].lines), "exports/year=2011/month=02/part.csv": uciCsv(months[1].lines) });
    const loaded = loadConfig({ configPath: project.write("analytics.config.yml", config("exports")), env: {} });
    expect(loaded.sources.order_lines?.files?.map((f) => f.path.slice(project.root.length))).toEqual(["/exports/year=2011/month=01/part.csv", "/exports/year=2011/month=02/part.csv"]);
  });

  test("a bad row is named with its own file; a glob that matches nothing is named", async () => {
    const bad = { ...monthly, "exports/2010-07.csv": uciCsv([months[6].lines[0], months[6].lines[1].replace(",2,", ",two,")]) };
    await expect(rows({ "analytics.config.yml": config("exports/*.csv"), ...bad })).rejects.toThrow(/exports\/2010-07\.csv, row 2 \(line 3\), column Quantity: "two" is not a whole number/);
    const project = tempProject();
    expect(() => loadConfig({ configPath: project.write("analytics.config.yml", config("exports/*.parquet")), env: {} })).toThrow(/sources\.order_lines\.path: .*exports\/\*\.parquet matches no file/);
    const other = tempProject({ "exports/a.csv": uciCsv(months[0].lines) });
    const overridden = loadConfig({ configPath: other.write("analytics.config.yml", "name: t\n"), env: {}, sources: [`order_lines=${join(other.root, "exports")}#uci_online_retail`] });
    expect(overridden.sources.order_lines?.files?.map((f) => f.path)).toEqual([join(other.root, "exports", "a.csv")]);
  });
});
