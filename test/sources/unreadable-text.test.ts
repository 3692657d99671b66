// A file that is not UTF-8 and a row with another number of fields than the header: each gets its
// real cause with the line, and the fix (encoding: latin-1; the ragged row's text), not a cut-off
// DuckDB message or "column InvoiceNo is missing".
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const config = "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n";

test("a Latin-1 file names its line and offers encoding: latin-1, which then reads it", async () => {
  const project = tempProject({ "analytics.config.yml": config, "raw/lines.csv": "" });
  writeFileSync(join(project.root, "raw/lines.csv"), Buffer.concat([Buffer.from(uciCsv([]).trimEnd() + "\n"), Buffer.from("536365,85123A,CAF", "latin1"), Buffer.from([0xe9]), Buffer.from(",6,2010-12-01 08:26:00,2.55,17850,France\n")]));
  await expect(project.run()).rejects.toThrow(/lines\.csv, line 2: the text is not UTF-8 .*add encoding: latin-1 to the source/);
  project.write("analytics.config.yml", `${config}    encoding: latin-1\n`);
  const summary = await project.run();
  expect(summary.failed).toBe(false);
});

test("a ragged row is named with its line, its field count against the header's and its text", async () => {
  const project = tempProject({
    "analytics.config.yml": config,
    "raw/lines.csv": uciCsv(["536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,France", "536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,17850"]),
  });
  await expect(project.run()).rejects.toThrow(/lines\.csv, line 3: 7 fields where the header has 8 \(","-separated\): a ragged row, "536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1\.85,17850"/);
});
