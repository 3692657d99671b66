// A funnel export with one table per step (user_id, page) and a per-user table (user_id, date,
// device, sex), loaded into the canonical events table by configuration alone: `path` as a list,
// the step_table preset, a per-file constant, and `join`. A small synthetic fixture written here
// (no real data set): rows counted exactly, the ledger keeps users missing from the user table,
// every bad input named by file, row and column, and an edit to any of the files rebuilds.
import { utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { warehouseQuery } from "../engagement/helpers.ts";
import { tempProject } from "../helpers/temp-project.ts";

// Users 1-6 visit the home page; 1-4 search; 1-2 pay; 1 confirms. User 6 is not in the user table.
const files = {
  "export/home_page_table.csv": "user_id,page\n1,home_page\n2,home_page\n3,home_page\n4,home_page\n5,home_page\n6,home_page\n",
  "export/search_page_table.csv": "user_id,page\n1,search_page\n2,search_page\n3,search_page\n4,search_page\n",
  "export/payment_page_table.csv": "user_id,page\n1,payment_page\n2,payment_page\n",
  // This step's file has no page column: its event name is a constant in the config.
  "export/payment_confirmation_table.csv": "user_id\n1\n",
  "export/user_table.csv": "user_id,date,device,sex\n1,2015-01-02,Desktop,Female\n2,2015-01-02,Mobile,Male\n3,2015-01-03,Desktop,Male\n4,2015-02-10,Mobile,Female\n5,2015-03-01,Desktop,Male\n",
};

const config = (extra = "") => `name: steps
sources:
  events:
    preset: step_table
    path:
      - export/home_page_table.csv
      - export/search_page_table.csv
      - export/payment_page_table.csv
      - {path: export/payment_confirmation_table.csv, constants: {event_name: payment_confirmation_page}}
    join:
      path: export/user_table.csv
      on: {user_id: user_id}
      columns: {event_at: date, device_category: device}
${extra}`;

async function failure(changes: Record<string, string>, configText = config()): Promise<string> {
  const project = tempProject({ ...files, "analytics.config.yml": configText, ...changes });
  try {
    const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["stg_web__events"] });
    throw new Error(`expected the run to fail:\n${summary.log.join("\n")}`);
  } catch (error) {
    return (error as Error).message;
  }
}

test("the step tables load into events: one row per file row, names from the page column or a constant, date and device from the user table", async () => {
  const project = tempProject({ ...files, "analytics.config.yml": config() });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["stg_web__events"] });
  expect(summary.failed).toBe(false);
  const cache = join(project.root, ".cache");
  const rows = await warehouseQuery(cache, "src_events", "select user_id, event_name, event_at::varchar as at, device_category from t order by user_id, event_name");
  expect(rows.length).toBe(6 + 4 + 2 + 1);
  expect(rows.filter((r) => r.user_id === "1")).toEqual([
    { user_id: "1", event_name: "home_page", at: "2015-01-02 00:00:00", device_category: "Desktop" },
    { user_id: "1", event_name: "payment_confirmation_page", at: "2015-01-02 00:00:00", device_category: "Desktop" },
    { user_id: "1", event_name: "payment_page", at: "2015-01-02 00:00:00", device_category: "Desktop" },
    { user_id: "1", event_name: "search_page", at: "2015-01-02 00:00:00", device_category: "Desktop" },
  ]);
  // User 6 has no row in the user table: kept, with no date, and counted as left out for it.
  expect(rows.filter((r) => r.user_id === "6")).toEqual([{ user_id: "6", event_name: "home_page", at: null, device_category: null }]);
  const ledger = await warehouseQuery(cache, "stg_web__events", "select coalesce(exclusion_reason, 'kept') as outcome, count(*)::int as n from t group by all order by all");
  expect(ledger).toEqual([{ outcome: "kept", n: 12 }, { outcome: "missing_time", n: 1 }]);
  const byStep = await warehouseQuery(cache, "stg_web__events", "select event_name, count(*)::int as n, count(distinct user_id)::int as users from t where exclusion_reason is null group by all order by n desc");
  expect(byStep.map((r) => [r.event_name, r.n])).toEqual([["home_page", 5], ["search_page", 4], ["payment_page", 2], ["payment_confirmation_page", 1]]);
});

test("an edit to any of the files, the joined one included, reloads the source", async () => {
  const project = tempProject({ ...files, "analytics.config.yml": config() });
  const run = async () => {
    const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["stg_web__events"] });
    expect(summary.failed).toBe(false);
    return warehouseQuery(join(project.root, ".cache"), "src_events", "select count(*)::int as n, count(event_at)::int as dated from t");
  };
  expect(await run()).toEqual([{ n: 13, dated: 12 }]);
  const later = new Date(Date.now() + 5000);
  utimesSync(project.write("export/payment_page_table.csv", files["export/payment_page_table.csv"] + "3,payment_page\n"), later, later);
  expect(await run()).toEqual([{ n: 14, dated: 13 }]);
  utimesSync(project.write("export/user_table.csv", files["export/user_table.csv"] + "6,2015-03-02,Mobile,Male\n"), later, later);
  expect(await run()).toEqual([{ n: 14, dated: 14 }]);
});

describe("bad step tables name the file, and the row and column where it applies", () => {
  test("a missing step file", async () => {
    const message = await failure({}, config().replace("export/search_page_table.csv", "export/search_table.csv"));
    expect(message).toMatch(/export\/search_table\.csv: file not found \(configured in .*sources\.events\)/);
  });

  test("a step file without the page column", async () => {
    const message = await failure({ "export/search_page_table.csv": "user_id,pg\n1,search_page\n" });
    expect(message).toContain('export/search_page_table.csv: column "page" is missing (it holds events.event_name, preset step_table).');
    expect(message).toContain("The file has: user_id, pg");
  });

  test("a date that does not parse in the user table", async () => {
    const message = await failure({ "export/user_table.csv": files["export/user_table.csv"].replace("2015-02-10", "10 Feb 2015") });
    expect(message).toContain('export/user_table.csv, row 4 (line 5), column date: "10 Feb 2015" is not a date-time (canonical events.event_at).');
  });

  test("a user twice in the user table", async () => {
    const message = await failure({ "export/user_table.csv": files["export/user_table.csv"] + "3,2015-04-01,Mobile,Male\n" });
    expect(message).toContain("export/user_table.csv, rows 3, 6, column user_id: '3' appears 2 times; a joined file needs one row per user_id");
  });

  test("a user table without the device column names the column, its role and the closest name", async () => {
    const message = await failure({ "export/user_table.csv": files["export/user_table.csv"].replace("device", "devices") });
    expect(message).toContain('export/user_table.csv: column "device" is missing (it holds events.device_category, joined in');
    expect(message).toContain('Did you mean "devices"?');
  });

  test("config mistakes name the file, the entry and the key", async () => {
    expect(await failure({}, config().replace("on: {user_id: user_id}", "on: {user_id: user_id, session_id: s}"))).toMatch(/analytics\.config\.yml: sources\.events\.join\.on must name one key column/);
    expect(await failure({}, config().replace("device_category: device", "device_categry: device"))).toMatch(/sources\.events\.join\.columns: "device_categry" is not a column of events\. Did you mean "device_category"\?/);
    expect(await failure({}, config().replace("constants: {event_name", "constant: {event_name"))).toMatch(/sources\.events\.path\[3\]: unknown key "constant"\. Did you mean "constants"\?/);
    expect(await failure({}, config().replace(/path:\n(\s+- .*\n)+/, "path: []\n"))).toMatch(/sources\.events\.path is an empty list/);
  });
});

test("configs/step-tables.example.yml parses: four step files, one joined user table", async () => {
  const { loadConfig } = await import("../../data-loaders/pipeline/config.ts");
  const { projectRoot } = await import("../../data-loaders/pipeline/paths.ts");
  const events = loadConfig({ configPath: join(projectRoot, "configs", "step-tables.example.yml"), env: {} }).sources.events!;
  expect(events.preset).toBe("step_table");
  expect(events.files!.map((f) => f.path.split("/").pop())).toEqual(["home_page_table.csv", "search_page_table.csv", "payment_page_table.csv", "payment_confirmation_table.csv"]);
  expect(events.join).toMatchObject({ key: { column: "user_id", raw: "user_id" }, columns: { event_at: "date", device_category: "device" } });
});

test("the seeded tie order puts the four website-funnel pages of one day in funnel order on the journeys", async () => {
  const project = tempProject({ ...files, "analytics.config.yml": config() });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["journey_paths"] });
  expect(summary.failed).toBe(false);
  const paths = await warehouseQuery(join(project.root, ".cache"), "journey_paths", "select path, sessions::int as sessions from t order by path_rank");
  expect(paths).toEqual([
    { path: "home_page > search_page", sessions: 2 },
    { path: "home_page", sessions: 1 },
    { path: "home_page > search_page > payment_page", sessions: 1 },
    { path: "home_page > search_page > payment_page > payment_confirmation_page", sessions: 1 },
  ]);
});
