// The incremental models on a generated store: a build on the store's first months, then a rebuild
// after the last month is appended to the order lines and events, gives exactly the marts (byte for
// byte) and incremental tables of a full build of the whole store; only the appended days (staging)
// and the users with appended events (sessions) are recomputed.
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { generateStore } from "../../data-loaders/generator/index.ts";
import { openDatabase, queryRows, queryValue } from "../../data-loaders/pipeline/duckdb.ts";
import { martsDir } from "../../data-loaders/pipeline/export-marts.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject, type TempProject } from "../helpers/temp-project.ts";

const config = `name: store
sources:
  order_lines: {path: raw/order_lines.parquet, preset: uci_online_retail}
  customers: {path: raw/customers.parquet}
  events: {path: raw/events.parquet}
  experiment_assignments: {path: raw/experiment_assignments.parquet}
`;
const tables = ["customers", "experiment_assignments", "order_lines", "events"];

let store: string;
let cutoff: string;
let appended: TempProject;
let appendedLog: string[];
let full: TempProject;

/** Writes the store's files into the project's raw/ folder, order lines and events only before `before` when given. */
async function writeRaw(project: TempProject, before?: string): Promise<void> {
  mkdirSync(join(project.root, "raw"), { recursive: true });
  const { instance, connection } = await openDatabase();
  try {
    for (const table of tables) {
      const target = join(project.root, "raw", `${table}.parquet`);
      const time = table === "order_lines" ? "InvoiceDate" : table === "events" ? "event_at" : null;
      if (!before || !time) copyFileSync(join(store, `${table}.parquet`), target);
      // Rows without a time are in both versions (their partition unchanged).
      else await connection.run(`COPY (SELECT * FROM read_parquet('${join(store, `${table}.parquet`)}') WHERE "${time}" IS NULL OR CAST("${time}" AS TIMESTAMP) < TIMESTAMP '${before}') TO '${target}' (FORMAT parquet)`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

beforeAll(async () => {
  const root = tempProject().root;
  store = join(root, "store");
  await generateStore({ outDir: store, seed: 11, customers: 300, format: "parquet" });
  // The appended rows: from noon of the first day of the month before the last on, so that day had
  // rows before (the rebuild must replace them, not add to them).
  const { instance, connection } = await openDatabase();
  try {
    cutoff = String(await queryValue(connection, `SELECT strftime(date_trunc('month', max(event_at)) - INTERVAL 1 MONTH + INTERVAL 12 HOUR, '%Y-%m-%d %H:%M:%S') FROM read_parquet('${join(store, "events.parquet")}')`));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  appended = tempProject({ "analytics.config.yml": config });
  await writeRaw(appended, cutoff);
  expect((await appended.run({ modelsRoot: modelsDir, seedsRoot: seedsDir })).failed).toBe(false);
  await writeRaw(appended);
  const second = await appended.run({ modelsRoot: modelsDir, seedsRoot: seedsDir });
  expect(second.failed, second.log.join("\n")).toBe(false);
  appendedLog = second.log;
  full = tempProject({ "analytics.config.yml": config });
  await writeRaw(full);
  expect((await full.run({ modelsRoot: modelsDir, seedsRoot: seedsDir })).failed).toBe(false);
}, 600_000);

test("only the appended days of the order lines and events, and the sessions of users with appended events, are recomputed", () => {
  const line = (input: string) => appendedLog.find((l) => l.includes(`partition(s) of ${input} by`)) ?? "";
  for (const input of ["src_order_lines", "src_events"]) {
    const [, changed, all] = /: (\d+) of (\d+) partition\(s\)/.exec(line(input)) ?? [];
    expect(Number(changed), line(input)).toBeGreaterThan(20);
    // The appended months only: about two of the store's months.
    expect(Number(changed) / Number(all), line(input)).toBeLessThan(0.2);
  }
  // The sessions: the users with an appended event, not all of them.
  const [, users, allUsers] = /: (\d+) of (\d+) partition\(s\)/.exec(line("int_web_events_sessionized")) ?? [];
  expect(Number(users), line("int_web_events_sessionized")).toBeGreaterThan(10);
  expect(Number(users) / Number(allUsers), line("int_web_events_sessionized")).toBeLessThan(0.5);
});

test("the incremental tables equal a full build's, row for row", async () => {
  for (const table of ["stg_retail__order_lines", "stg_web__events", "int_web_sessions"]) {
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
  }
});

test("every mart file is byte for byte a full build's", () => {
  const files = (project: TempProject) => readdirSync(martsDir(join(project.root, ".cache"))).sort();
  expect(files(appended)).toEqual(files(full));
  expect(files(full).length).toBeGreaterThan(50);
  const differ = files(full).filter((file) => !readFileSync(join(martsDir(join(appended.root, ".cache")), file)).equals(readFileSync(join(martsDir(join(full.root, ".cache")), file))));
  expect(differ).toEqual([]);
});
