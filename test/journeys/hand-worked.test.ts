// The journey models on eight hand-worked sessions, run in a real DuckDB through the pipeline.
// Every expected figure below was worked out by hand from the events listed here (see the
// comment on each session), not from the models: collapsing, ties, the cut at the first
// purchase, the (exit) node, top N + "(other paths)" adding up, and flow conservation.
import { beforeAll, expect, test } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { failingRowsSql } from "../../data-loaders/testing/compile.ts";
import { readSpecs } from "../../data-loaders/testing/specs.ts";
import { join } from "node:path";
import { tempProject, type TempProject } from "../helpers/temp-project.ts";

const header = "user_id,session_id,event_name,event_at,source,medium,campaign,device_category,country,transaction_id,revenue";
const e = (user: string, session: string, name: string, at: string, revenue = "") =>
  `${user},${session},${name},${at},google,organic,,desktop,GB,${revenue ? "T" + session : ""},${revenue}`;

const events = [
  // s1: session_start and a page_view at the same second (session_start first), three page_views
  // in a row (one step; the exact duplicate at 10:00:10 is excluded in staging), then view_item.
  // -> session_start > page_view > view_item: 3 steps, 5 events.
  e("u1", "s1", "session_start", "2024-01-01 10:00:00"),
  e("u1", "s1", "page_view", "2024-01-01 10:00:00"),
  e("u1", "s1", "page_view", "2024-01-01 10:00:10"),
  e("u1", "s1", "page_view", "2024-01-01 10:00:10"),
  e("u1", "s1", "page_view", "2024-01-01 10:00:20"),
  e("u1", "s1", "view_item", "2024-01-01 10:01:00"),
  // s2: written page_view first, session_start second, both at one second: the tie order, not the
  // file order, decides. -> session_start > page_view: 2 steps, 2 events.
  e("u2", "s2", "page_view", "2024-01-01 11:00:00"),
  e("u2", "s2", "session_start", "2024-01-01 11:00:00"),
  // s3: a purchase, then a page_view after it that the path leaves out; add_to_cart and view_item
  // at one second follow seeds/event_tie_order.csv (view_item 20 before add_to_cart 30), not their names.
  // -> session_start > page_view > view_item > add_to_cart > purchase: 5 steps, 5 events.
  e("u1", "s3", "page_view", "2024-01-01 12:00:40"),
  e("u1", "s3", "session_start", "2024-01-01 12:00:00"),
  e("u1", "s3", "page_view", "2024-01-01 12:00:05"),
  e("u1", "s3", "add_to_cart", "2024-01-01 12:00:10"),
  e("u1", "s3", "view_item", "2024-01-01 12:00:10"),
  e("u1", "s3", "purchase", "2024-01-01 12:00:30", "10.5"),
  // s4: repeats that are not consecutive stay separate steps.
  // -> session_start > page_view > view_item > page_view > view_item: 5 steps, 5 events.
  e("u3", "s4", "session_start", "2024-01-02 08:00:00"),
  e("u3", "s4", "page_view", "2024-01-02 08:00:01"),
  e("u3", "s4", "view_item", "2024-01-02 08:00:02"),
  e("u3", "s4", "page_view", "2024-01-02 08:00:03"),
  e("u3", "s4", "view_item", "2024-01-02 08:00:04"),
  // s5: -> session_start > page_view: 2 steps, 2 events.
  e("u3", "s5", "session_start", "2024-01-03 08:00:00"),
  e("u3", "s5", "page_view", "2024-01-03 08:00:05"),
  // s6: -> session_start > page_view: 2 steps, 3 events.
  e("u4", "s6", "session_start", "2024-01-03 09:00:00"),
  e("u4", "s6", "page_view", "2024-01-03 09:00:05"),
  e("u4", "s6", "page_view", "2024-01-03 09:00:06"),
  // s7: purchase, begin_checkout, add_to_cart and an event the seed does not list (search, 50) at
  // one second: add_to_cart 30, begin_checkout 40, search 50, purchase 100.
  // -> session_start > add_to_cart > begin_checkout > search > purchase: 5 steps, 5 events.
  e("u4", "s7", "purchase", "2024-01-04 13:00:10", "20"),
  e("u4", "s7", "search", "2024-01-04 13:00:10"),
  e("u4", "s7", "begin_checkout", "2024-01-04 13:00:10"),
  e("u4", "s7", "session_start", "2024-01-04 13:00:00"),
  e("u4", "s7", "add_to_cart", "2024-01-04 13:00:10"),
  // s8: no session id and no session_start: one inferred session for the user's day.
  // -> page_view > view_item: 2 steps, 2 events.
  e("u5", "", "page_view", "2024-01-02 09:00:00"),
  e("u5", "", "view_item", "2024-01-02 09:05:00"),
];

let project: TempProject;
let query: (sql: string) => Promise<Record<string, unknown>[]>;
const journeyMarts = ["journey_paths", "journey_path_lengths", "journey_flows", "journey_summary", "journey_after_exit"];

beforeAll(async () => {
  project = tempProject({
    "analytics.config.yml": "name: test\nsources:\n  events:\n    path: events.csv\nvars:\n  journey_top_paths: 2\n  journey_flow_steps: 3\n",
    "events.csv": [header, ...events].join("\n") + "\n",
  });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: journeyMarts });
  if (summary.failed) throw new Error(summary.log.join("\n"));
  // Every data test declared on the journey models ran on these rows and passed.
  const journeyTests = summary.tests.filter((t) => /journey/.test(t.test.relation));
  expect(journeyTests.length).toBeGreaterThan(15);
  expect(journeyTests.filter((t) => t.status !== "pass").map((t) => t.test.id)).toEqual([]);
  query = async (sql) => {
    return await project.withWarehouse(async (connection) => {
      const rows = await queryRows(connection, sql);
      return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
    });
  };
});

test("each session's collapsed path, steps and events, after ties, duplicates and the cut at the first purchase", async () => {
  const rows = await query("select session_id, path, steps, events, ends_in_purchase from int_web_journeys order by session_id");
  expect(rows).toEqual([
    { session_id: "(no session) 2024-01-02", path: "page_view > view_item", steps: 2, events: 2, ends_in_purchase: false },
    { session_id: "s1", path: "session_start > page_view > view_item", steps: 3, events: 5, ends_in_purchase: false },
    { session_id: "s2", path: "session_start > page_view", steps: 2, events: 2, ends_in_purchase: false },
    { session_id: "s3", path: "session_start > page_view > view_item > add_to_cart > purchase", steps: 5, events: 5, ends_in_purchase: true },
    { session_id: "s4", path: "session_start > page_view > view_item > page_view > view_item", steps: 5, events: 5, ends_in_purchase: false },
    { session_id: "s5", path: "session_start > page_view", steps: 2, events: 2, ends_in_purchase: false },
    { session_id: "s6", path: "session_start > page_view", steps: 2, events: 3, ends_in_purchase: false },
    { session_id: "s7", path: "session_start > add_to_cart > begin_checkout > search > purchase", steps: 5, events: 5, ends_in_purchase: true },
  ]);
  // The steps as a list, and the runs collapsed: s1's three page_views are one step; s4 has repeats
  // that are not consecutive, so none; s6's two page_views are one step.
  const lists = await query("select session_id, step_names, collapsed_runs from int_web_journeys where session_id in ('s1', 's4', 's6') order by session_id");
  expect(lists).toEqual([
    { session_id: "s1", step_names: ["session_start", "page_view", "view_item"], collapsed_runs: 1 },
    { session_id: "s4", step_names: ["session_start", "page_view", "view_item", "page_view", "view_item"], collapsed_runs: 0 },
    { session_id: "s6", step_names: ["session_start", "page_view"], collapsed_runs: 1 },
  ]);
});

test("journey_paths: top 2 by sessions (ties by path), then (other paths); sessions and shares add up", async () => {
  const rows = await query("select path_rank, path, steps, sessions, users, share, purchase_sessions, conversion_rate from journey_paths order by path_rank");
  expect(rows).toEqual([
    { path_rank: 1, path: "session_start > page_view", steps: 2, sessions: 3, users: 3, share: 3 / 8, purchase_sessions: 0, conversion_rate: 0 },
    // Four paths of one session each: "page_view > view_item" sorts first.
    { path_rank: 2, path: "page_view > view_item", steps: 2, sessions: 1, users: 1, share: 1 / 8, purchase_sessions: 0, conversion_rate: 0 },
    // s1, s3 (u1), s4 (u3), s7 (u4): three users, two purchases.
    { path_rank: 3, path: "(other paths)", steps: null, sessions: 4, users: 3, share: 4 / 8, purchase_sessions: 2, conversion_rate: 0.5 },
  ]);
});

test("journey_path_lengths: raw events and collapsed steps per session", async () => {
  const rows = await query("select length, raw_sessions, collapsed_sessions, raw_share, collapsed_share from journey_path_lengths order by length");
  expect(rows).toEqual([
    { length: 2, raw_sessions: 3, collapsed_sessions: 4, raw_share: 3 / 8, collapsed_share: 4 / 8 },
    { length: 3, raw_sessions: 1, collapsed_sessions: 1, raw_share: 1 / 8, collapsed_share: 1 / 8 },
    { length: 5, raw_sessions: 4, collapsed_sessions: 3, raw_share: 4 / 8, collapsed_share: 3 / 8 },
  ]);
});

test("journey_flows: the first 3 steps with (exit) and (more steps), conserved at every node", async () => {
  const rows = await query("select step_index, from_node, to_node, sessions from journey_flows order by all");
  expect(rows).toEqual([
    { step_index: 1, from_node: "page_view", to_node: "view_item", sessions: 1 },
    { step_index: 1, from_node: "session_start", to_node: "add_to_cart", sessions: 1 },
    { step_index: 1, from_node: "session_start", to_node: "page_view", sessions: 6 },
    { step_index: 2, from_node: "add_to_cart", to_node: "begin_checkout", sessions: 1 },
    { step_index: 2, from_node: "page_view", to_node: "(exit)", sessions: 3 },
    { step_index: 2, from_node: "page_view", to_node: "view_item", sessions: 3 },
    { step_index: 2, from_node: "view_item", to_node: "(exit)", sessions: 1 },
    { step_index: 3, from_node: "begin_checkout", to_node: "(more steps)", sessions: 1 },
    { step_index: 3, from_node: "view_item", to_node: "(exit)", sessions: 1 },
    { step_index: 3, from_node: "view_item", to_node: "(more steps)", sessions: 2 },
  ]);
});

test("journey_after_exit: the opening step of each visitor's next session after one without a purchase", async () => {
  // u1: s1 -> s3 (opens with page_view, buys); u3: s4 -> s5 (page_view), s5 -> none; u4: s6 -> s7
  // (opens with add_to_cart, buys); u2's s2 and u5's only session: no return.
  const rows = await query("select exit_step, next_step, sessions, share_of_exits, next_session_purchases from journey_after_exit order by all");
  expect(rows).toEqual([
    { exit_step: "page_view", next_step: "(no return)", sessions: 2, share_of_exits: 2 / 3, next_session_purchases: 0 },
    { exit_step: "page_view", next_step: "add_to_cart", sessions: 1, share_of_exits: 1 / 3, next_session_purchases: 1 },
    { exit_step: "view_item", next_step: "(no return)", sessions: 1, share_of_exits: 1 / 3, next_session_purchases: 0 },
    { exit_step: "view_item", next_step: "page_view", sessions: 2, share_of_exits: 2 / 3, next_session_purchases: 1 },
  ]);
});

test("journey_summary: headline figures", async () => {
  const [row] = await query("select * from journey_summary");
  expect(row).toEqual({
    sessions: 8, users: 5, purchase_sessions: 2, conversion_rate: 2 / 8, distinct_paths: 6,
    path_events: 29, path_steps: 26, median_steps: 2.5, median_events: 4, collapsed_runs: 2, top_paths: 2, flow_steps: 3,
  });
});

test("the flow-conservation data tests fail when a flow is broken", async () => {
  const specs = readSpecs([join(modelsDir, "marts", "journeys.yml")]);
  const conservation = specs.tests.filter((t) => t.relation === "journey_flows" && t.kind === "expression_is_true");
  await project.withWarehouse(async (connection) => {
    // One session too many from page_view to view_item at step 2, none more out of view_item at step 3.
    await connection.run("update journey_flows set sessions = sessions + 1 where step_index = 2 and from_node = 'page_view' and to_node = 'view_item'");
    const failing = await Promise.all(conservation.map(async (t) => (await queryRows(connection, failingRowsSql(t))).length));
    expect(failing.some((n) => n > 0)).toBe(true);
    // And the step-1 total no longer equals the sessions after a session is added at step 1.
    await connection.run("update journey_flows set sessions = sessions - 1 where step_index = 2 and to_node = 'view_item'");
    await connection.run("update journey_flows set sessions = sessions + 1 where step_index = 1 and to_node = 'add_to_cart'");
    const again = await Promise.all(conservation.map(async (t) => (await queryRows(connection, failingRowsSql(t))).length));
    expect(again.some((n) => n > 0)).toBe(true);
  });
});
