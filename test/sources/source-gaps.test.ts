// Issue 20 point 5: a column the pages need that the source leaves empty in every row (here
// quantity and customer_id mapped to null) is named once each, with the pages built on the table;
// the data tests it would make fail are skipped for that one reason, and the build goes on.
import { describe, expect, test } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const lines = uciCsv([
  "536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
  "536366,22633,HAND WARMER UNION JACK,6,2010-12-02 08:28:00,1.85,17851,United Kingdom",
  "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,2010-12-03 08:34:00,1.69,13047,France",
  "C536368,85123A,WHITE HANGING HEART,-1,2010-12-04 09:00:00,2.55,17850,United Kingdom",
]);
const config = (columns: string) => `name: gaps\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n    columns: {${columns}}\n`;

describe("a column no source provides", () => {
  test("is named once with its pages; failing tests on models built from it are skipped, the build goes on", async () => {
    const project = tempProject({ "analytics.config.yml": config("quantity: null, customer_id: null"), "raw/lines.csv": lines });
    const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
    const named = run.log.filter((l) => l.startsWith("missing column:"));
    expect(named).toHaveLength(2);
    expect(named[0]).toMatch(/^missing column: no source provides order_lines\.quantity \(every row is empty; configured in .*sources\.order_lines\): map columns\.quantity to the column that holds it\. Pages built on order_lines will show empty figures for it: .*Customers.*Products/);
    expect(named[1]).toMatch(/order_lines\.customer_id/);
    expect(run.log.find((l) => /failing test\(s\) on models built from order_lines skipped: order_lines\.quantity, order_lines\.customer_id is provided by no source/.test(l))).toBeDefined();
    expect(run.failed, run.log.filter((l) => /FAIL/.test(l)).join("\n")).toBe(false);
    const gaps = await project.mart("source_gaps");
    expect(gaps.map((g) => `${g.table_name}.${g.column_name}`).sort()).toEqual(["order_lines.customer_id", "order_lines.quantity"]);
    expect(gaps[0].pages).toEqual(expect.arrayContaining(["/", "/customers/", "/products/", "/data-quality"]));
  });

  test("the same file with every column mapped has no gap and no skipped test", async () => {
    const project = tempProject({ "analytics.config.yml": config(""), "raw/lines.csv": lines });
    const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["store_summary"] });
    expect(run.log.filter((l) => /missing column|skipped:/.test(l))).toEqual([]);
    expect(await project.mart("source_gaps")).toEqual([]);
  });
});
