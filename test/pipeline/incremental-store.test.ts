// The incremental models on a generated store: a build on all but its last two months, then a
// rebuild after they are appended to the order lines and events, gives exactly the marts (byte for
// byte) and incremental tables of a full build of the whole store; only the appended days (staging,
// daily activity) and the users with appended events (sessions) are recomputed. The same holds when the months come
// as a new file in folder sources, of which only that file is read.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { generateStore } from "../../data-loaders/generator/index.ts";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { martsDir } from "../../data-loaders/pipeline/export-marts.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { appendedStore, folderConfig, storeConfig } from "../helpers/appended-store.ts";
import { tempProject, type TempProject } from "../helpers/temp-project.ts";

let appended: TempProject;
let appendedLog: string[];
let full: TempProject;
let folders: TempProject;
let foldersLog: string[];

beforeAll(async () => {
  const root = tempProject().root;
  const store = join(root, "store");
  await generateStore({ outDir: store, seed: 11, customers: 300, format: "parquet" });
  // The last two months are appended, from noon of the first one's first day, so that day had rows
  // before: the rebuild must replace them, not add to them.
  const month = await appendedStore(store, root, 2);
  appended = tempProject({ "analytics.config.yml": storeConfig("store", "raw") });
  month.useFiles(join(appended.root, "raw"), true);
  const first = await appended.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
  expect(first.failed, first.log.join("\n")).toBe(false);
  month.useFiles(join(appended.root, "raw"), false);
  const second = await appended.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
  expect(second.failed, second.log.join("\n")).toBe(false);
  appendedLog = second.log;
  // The same months as a new file in folder sources: only that file is read (file-parts.ts).
  folders = tempProject({ "analytics.config.yml": folderConfig("store", "raw") });
  month.useFolders(join(folders.root, "raw"), true);
  expect((await folders.run({ modelsRoot: modelsDir, seedsRoot: seedsDir })).failed).toBe(false);
  month.useFolders(join(folders.root, "raw"), false);
  const added = await folders.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
  expect(added.failed, added.log.join("\n")).toBe(false);
  foldersLog = added.log;
  full = tempProject({ "analytics.config.yml": storeConfig("store", "raw") });
  month.useFiles(join(full.root, "raw"), false);
  expect((await full.run({ modelsRoot: modelsDir, seedsRoot: seedsDir })).failed).toBe(false);
}, 600_000);

test("only the appended days of the order lines and events, and the sessions of users with appended events, are recomputed", () => {
  const line = (input: string) => appendedLog.find((l) => l.includes(`partition(s) of ${input} by`)) ?? "";
  // Staging, then the daily activity of customers and visitors from staging.
  for (const input of ["src_order_lines", "src_events", "stg_retail__order_lines", "stg_web__events"]) {
    const [, changed, all] = /: (\d+) of (\d+) partition\(s\)/.exec(line(input)) ?? [];
    expect(Number(changed), line(input)).toBeGreaterThan(20);
    // The appended months only: about two of the store's 24.
    expect(Number(changed) / Number(all), line(input)).toBeLessThan(0.2);
  }
  // The sessions: the users with an appended event, not all of them.
  const [, users, allUsers] = /: (\d+) of (\d+) partition\(s\)/.exec(line("int_web_events_sessionized")) ?? [];
  expect(Number(users), line("int_web_events_sessionized")).toBeGreaterThan(10);
  expect(Number(users) / Number(allUsers), line("int_web_events_sessionized")).toBeLessThan(0.5);
});

test("folder sources read only the appended months' file, and recompute the same partitions", () => {
  for (const table of ["order_lines", "events"]) expect(foldersLog).toContain(`  ${table}: 1 of 2 files read, 1 kept from the last build`);
  // Sorted: models built side by side log in the order they finish.
  const partitions = (log: string[]) => log.filter((l) => l.includes("partition(s) of")).sort();
  expect(partitions(foldersLog)).toEqual(partitions(appendedLog));
});

test("the incremental tables equal a full build's, row for row", async () => {
  for (const table of ["stg_retail__order_lines", "stg_web__events", "int_web_sessions", "int_customer_activity_daily", "int_visitor_activity_daily"]) {
    const differing = async (a: TempProject, b: TempProject) => {
      const { instance, connection } = await openDatabase();
      try {
        await connection.run(`ATTACH '${join(a.root, ".cache", "warehouse.duckdb")}' AS a (READ_ONLY); ATTACH '${join(b.root, ".cache", "warehouse.duckdb")}' AS b (READ_ONLY)`);
        return Number((await queryRows(connection, `SELECT count(*) AS n FROM (SELECT * FROM a.main.${table} EXCEPT ALL SELECT * FROM b.main.${table})`))[0].n);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    };
    expect([await differing(appended, full), await differing(full, appended)], table).toEqual([0, 0]);
    expect([await differing(folders, full), await differing(full, folders)], table).toEqual([0, 0]);
  }
});

test("every mart file is byte for byte a full build's", () => {
  const files = (project: TempProject) => readdirSync(martsDir(join(project.root, ".cache"))).sort();
  expect(files(full).length).toBeGreaterThan(50);
  for (const project of [appended, folders]) {
    expect(files(project)).toEqual(files(full));
    const differ = files(full).filter((file) => !readFileSync(join(martsDir(join(project.root, ".cache")), file)).equals(readFileSync(join(martsDir(join(full.root, ".cache")), file))));
    expect(differ).toEqual([]);
  }
});
