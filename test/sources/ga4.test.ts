// The ga4_events preset on a fixture written from GA4's BigQuery export schema, flattened (nested
// fields joined with _): microsecond time stamps read exactly, ga_session_id (unique only within a
// user) made unique by the user's id, purchase fields, and a bad time stamp named by row and column.
import { describe, expect, test } from "vitest";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { tempProject } from "../helpers/temp-project.ts";

const header = "event_date,event_timestamp,event_name,user_pseudo_id,ga_session_id,traffic_source_source,traffic_source_medium,traffic_source_name,device_category,geo_country,ecommerce_transaction_id,ecommerce_purchase_revenue,page_location";
const rows = [
  "20240102,1704189600123456,session_start,1234.5678,1704189600,google,organic,(organic),mobile,United Kingdom,,,https://shop.example/",
  "20240102,1704189660000001,purchase,1234.5678,1704189600,google,organic,(organic),mobile,United Kingdom,T1001,23.5,https://shop.example/checkout",
  "20240102,1704189600500000,session_start,999.111,1704189600,(direct),(none),(direct),desktop,France,,,https://shop.example/",
];
const config = "name: ga4\nsources:\n  events:\n    path: raw/events.csv\n    preset: ga4_events\n";

async function load(lines: string[]) {
  const project = tempProject({ "analytics.config.yml": config, "raw/events.csv": `${header}\n${lines.join("\n")}\n` });
  const summary = await project.run();
  if (summary.failed) throw new Error(summary.log.join("\n"));
  const { instance, connection } = await openDatabase(`${project.root}/.cache/warehouse.duckdb`);
  try {
    return await queryRows(connection, "select user_id, session_id, event_name, strftime(event_at, '%Y-%m-%d %H:%M:%S.%f') as at, source, medium, campaign, device_category, country, transaction_id, revenue::varchar as revenue from src_events order by event_at");
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("GA4 flattened export", () => {
  test("reads every event with exact times, per-user sessions and purchase fields", async () => {
    expect(await load(rows)).toEqual([
      { user_id: "1234.5678", session_id: "1234.5678-1704189600", event_name: "session_start", at: "2024-01-02 10:00:00.123456", source: "google", medium: "organic", campaign: "(organic)", device_category: "mobile", country: "United Kingdom", transaction_id: null, revenue: null },
      { user_id: "999.111", session_id: "999.111-1704189600", event_name: "session_start", at: "2024-01-02 10:00:00.500000", source: "(direct)", medium: "(none)", campaign: "(direct)", device_category: "desktop", country: "France", transaction_id: null, revenue: null },
      { user_id: "1234.5678", session_id: "1234.5678-1704189600", event_name: "purchase", at: "2024-01-02 10:01:00.000001", source: "google", medium: "organic", campaign: "(organic)", device_category: "mobile", country: "United Kingdom", transaction_id: "T1001", revenue: "23.5000" },
    ]);
  });

  test("a time stamp that is not a whole number of microseconds is named by row and column", async () => {
    await expect(load([rows[0], rows[1].replace("1704189660000001", "2024-01-02 10:01:00")])).rejects.toThrow(/row 2 .*column event_timestamp/);
  });
});
