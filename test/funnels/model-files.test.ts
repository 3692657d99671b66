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

describe("the optional page column of events", () => {
  const header = "user_id,session_id,event_name,event_at,source,medium,campaign,device_category,country,transaction_id,revenue";
  const row = "u1,s1,page_view,2024-01-01 10:00:00,google,organic,,mobile,United Kingdom,,";
  const project = (csv: string, columns = "") =>
    tempProject({
      "analytics.config.yml": `name: test\nsources:\n  events:\n    path: raw/events.csv\n    preset: canonical\n${columns}`,
      "raw/events.csv": csv,
      "models/marts/pages.sql": "select event_name, page from src_events",
    });

  test("reads as null when the file has no page column, and is read when it has one", async () => {
    const without = project(`${header}\n${row}\n`);
    expect((await without.run()).failed).toBe(false);
    expect(await without.mart("pages")).toEqual([{ event_name: "page_view", page: null }]);
    const withPage = project(`${header},page\n${row},/cart\n`);
    expect((await withPage.run()).failed).toBe(false);
    expect(await withPage.mart("pages")).toEqual([{ event_name: "page_view", page: "/cart" }]);
  });

  test("a page column named in the config must exist", async () => {
    const named = project(`${header}\n${row}\n`, "    columns: {page: url}\n");
    await expect(named.run()).rejects.toThrow(/column "url" is missing \(it holds events\.page, preset canonical\)/);
  });
});
