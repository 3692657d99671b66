// The amplitude_events preset on a fixture written from Amplitude's documented export schema (JSON
// lines, one event per line, with the export's other fields left in): event_time read to the
// microsecond, an anonymous user by amplitude_id, session ids (epoch ms of the session's start)
// made unique per user and -1 read as no session, UTM user properties and $revenue read from the
// nested objects; inspect recognises the file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { inspectFile } from "../../data-loaders/sources/inspect.ts";
import { tempProject } from "../helpers/temp-project.ts";

const fixture = readFileSync(join(projectRoot, "test/sources/fixtures/amplitude_export.json"), "utf8");
const config = "name: amp\nsources:\n  events:\n    path: raw/export/*.json\n    preset: amplitude_events\n";

test("every event read with exact times, users, per-user sessions, UTM properties and revenue", async () => {
  const project = tempProject({ "analytics.config.yml": config, "raw/export/123456_2024-03-01_15#0.json": fixture });
  const run = await project.run();
  expect(run.failed, run.log.join("\n")).toBe(false);
  const { instance, connection } = await openDatabase(`${project.root}/.cache/warehouse.duckdb`);
  try {
    const rows = await queryRows(connection, "select user_id, session_id, event_name, strftime(event_at, '%Y-%m-%d %H:%M:%S.%f') as at, source, medium, campaign, device_category, country, revenue::varchar as revenue, page from src_events order by event_at, user_id");
    expect(rows).toEqual([
      { user_id: "111222333", session_id: "111222333-1709306132000", event_name: "session_start", at: "2024-03-01 15:15:32.000000", source: null, medium: null, campaign: null, device_category: "iOS", country: "Canada", revenue: null, page: null },
      { user_id: "42", session_id: "987654321-1709306132000", event_name: "session_start", at: "2024-03-01 15:15:32.123456", source: "google", medium: "cpc", campaign: "spring_sale", device_category: "Web", country: "United States", revenue: null, page: null },
      { user_id: "42", session_id: "987654321-1709306132000", event_name: "[Amplitude] Page Viewed", at: "2024-03-01 15:16:00.000001", source: "google", medium: "cpc", campaign: "spring_sale", device_category: "Web", country: "United States", revenue: null, page: "/product/teapot" },
      { user_id: "42", session_id: "987654321-1709306132000", event_name: "Order Completed", at: "2024-03-01 15:20:05.500000", source: "google", medium: "cpc", campaign: "spring_sale", device_category: "Web", country: "United States", revenue: "30.5000", page: null },
      { user_id: "42", session_id: null, event_name: "subscription_renewed", at: "2024-03-02 00:00:00.000000", source: null, medium: null, campaign: null, device_category: null, country: null, revenue: null, page: null },
    ]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});

test("a bad event_time is named by file, row and column; inspect picks the preset", async () => {
  const project = tempProject({ "analytics.config.yml": config, "raw/export/a.json": fixture.replace('"event_time": "2024-03-01 15:16:00.000001"', '"event_time": "yesterday"') });
  await expect(project.run()).rejects.toThrow(/a\.json, row 2 .*column event_time: "yesterday" is not a date-time/);
  const { instance, connection } = await openDatabase(":memory:");
  try {
    const result = await inspectFile(connection, project.write("raw/b.json", fixture));
    expect(result.best).toMatchObject({ table: "events", preset: "amplitude_events", score: 1, missing: [] });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});
