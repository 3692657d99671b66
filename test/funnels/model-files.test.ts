// A TypeScript model that names the files it reads (as the funnel models name seeds/funnels.yml and
// src/components/funnel-sql.js) is rebuilt when one of them changes, and only then; a model may
// return a SELECT instead of rows.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const line = `500001,P1,THING,2,2011-01-01 10:00:00,3,1.0,United Kingdom`;

describe("TypeScript models reading files", () => {
  test("an edit to a named file rebuilds the model; the SELECT it returns becomes the table", async () => {
    const project = tempProject({
      "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n",
      "raw/lines.csv": uciCsv([line]),
      "definitions/factor.txt": "2\n",
    });
    const factorFile = join(project.root, "definitions/factor.txt");
    project.write("models/marts/scaled.ts", `import { readFileSync } from "node:fs";
export default {
  dependsOn: ["src_order_lines"],
  files: [${JSON.stringify(factorFile)}],
  columns: { scaled: "INTEGER" },
  async build() { return []; },
  async sql() { return "select sum(quantity) * " + Number(readFileSync(${JSON.stringify(factorFile)}, "utf8")) + " as scaled from src_order_lines"; },
};
`);
    const status = (summary: { steps: { name: string; status: string }[] }) => summary.steps.find((s) => s.name === "scaled")?.status;
    expect(status(await project.run())).toBe("built");
    expect(await project.mart("scaled")).toEqual([{ scaled: 4 }]);
    expect(status(await project.run())).toBe("cached");
    project.write("definitions/factor.txt", "5\n");
    expect(status(await project.run())).toBe("built");
    expect(await project.mart("scaled")).toEqual([{ scaled: 10 }]);
  });
});
