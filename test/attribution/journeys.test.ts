// Touches, conversions and journeys through the real pipeline on small hand-written inputs:
// paths restart after a conversion, the lookback window, ties in time, revenue from the invoice
// when the purchase event has none, sessions in Other counted; and the two export presets
// (touch-level and path-level) with their error messages.
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test, beforeAll } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject, type TempProject } from "../helpers/temp-project.ts";

const eventsHeader = "user_id,session_id,event_name,event_at,source,medium,campaign,device_category,country,transaction_id,revenue";
const event = (user: string, session: string, name: string, at: string, source: string, medium: string, transaction = "", revenue = "") =>
  `${user},${session},${name},${at},${source},${medium},,desktop,United Kingdom,${transaction},${revenue}`;

const events = [
  eventsHeader,
  // A: Organic Search, then Direct with a purchase (first); Email with a purchase whose revenue
  // comes from its invoice (repeat, path restarts); later Paid Search without purchase.
  event("12345", "a1", "session_start", "2024-01-01 10:00:00", "google", "organic"),
  event("12345", "a2", "session_start", "2024-01-05 10:00:00", "(direct)", "(none)"),
  event("12345", "a2", "purchase", "2024-01-05 10:05:00", "(direct)", "(none)", "536401", "50"),
  event("12345", "a3", "session_start", "2024-01-10 10:00:00", "newsletter", "email"),
  event("12345", "a3", "purchase", "2024-01-10 10:10:00", "newsletter", "email", "536400", ""),
  event("12345", "a4", "session_start", "2024-03-01 09:00:00", "google", "cpc"),
  // B: two sessions starting in the same second (ties: ordered by session id), purchase in the second.
  event("b", "b6", "session_start", "2024-02-01 12:00:00", "facebook", "paid"),
  event("b", "b5", "session_start", "2024-02-01 12:00:00", "bing", "cpc"),
  event("b", "b6", "purchase", "2024-02-01 12:30:00", "facebook", "paid", "536402", "20"),
  // C: Display 50 days before the purchase (outside the 30-day window), then Referral.
  event("c", "c1", "session_start", "2023-12-01 08:00:00", "banner-network", "display"),
  event("c", "c2", "session_start", "2024-01-20 08:00:00", "blog.example", "referral"),
  event("c", "c2", "purchase", "2024-01-20 08:20:00", "blog.example", "referral", "536403", "10"),
  // D: never buys; its traffic matches no rule (Other).
  event("d", "d1", "session_start", "2024-01-15 08:00:00", "foo", "bar"),
].join("\n");

const orderLines = [
  "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
  "536400,85123A,WHITE HANGING HEART,3,2024-01-10 10:10:00,2.50,12345,United Kingdom",
  "536400,71053,WHITE METAL LANTERN,1,2024-01-10 10:10:00,10.00,12345,United Kingdom",
].join("\n");

const num = (v: unknown) => Number(v);

describe("journeys from events", () => {
  let project: TempProject;
  let journeys: Record<string, unknown>[];
  let credits: Record<string, unknown>[];
  let summary: Record<string, unknown>;

  beforeAll(async () => {
    project = tempProject({
      "analytics.config.yml": "name: t\nsources:\n  events: {path: events.csv}\n  order_lines: {path: lines.csv, preset: uci_online_retail}\nvars:\n  snapshot_date: null\n",
      "events.csv": events,
      "lines.csv": orderLines,
    });
    const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["attribution_channel_credits", "attribution_summary", "attribution_path_lengths"] });
    expect(run.tests.filter((t) => t.status === "fail").map((t) => t.test.id)).toEqual([]);
    expect(run.failed).toBe(false);
    journeys = await project.mart("attribution_journeys");
    credits = await project.mart("attribution_channel_credits");
    summary = (await project.mart("attribution_summary"))[0];
  }, 120_000);

  const converted = () => journeys.filter((j) => num(j.conversions) > 0).map((j) => ({ kind: j.conversion_kind, path: j.channel_path, revenue: num(j.revenue), source: j.revenue_source }));

  test("each conversion's path holds the touches since the previous conversion, inside the window", () => {
    expect(converted()).toEqual([
      { kind: "first", path: "Organic Search > Direct", revenue: 50, source: "event" },
      // Revenue from invoice 536400: 3 x 2.50 + 1 x 10.00.
      { kind: "repeat", path: "Email", revenue: 17.5, source: "invoice" },
      { kind: "first", path: "Paid Search > Paid Social", revenue: 20, source: "event" },
      { kind: "first", path: "Referral", revenue: 10, source: "event" },
    ]);
  });

  test("non-converting journeys: touches after the last conversion, or all of a user who never converted", () => {
    const open = journeys.filter((j) => num(j.non_conversions) > 0).map((j) => ({ kind: j.conversion_kind, path: j.channel_path }));
    expect(open).toEqual([{ kind: "repeat", path: "Paid Search" }, { kind: "first", path: "Other" }]);
  });

  test("the summary counts Other sessions, touches outside every window and invoice revenue", () => {
    expect({
      sessions: num(summary.sessions), other: num(summary.sessions_other), outside: num(summary.touches_outside_windows),
      first: num(summary.conversions_first), repeat: num(summary.conversions_repeat), fromInvoice: num(summary.conversions_revenue_from_invoice), revenue: num(summary.revenue),
    }).toEqual({ sessions: 9, other: 1, outside: 1, first: 3, repeat: 1, fromInvoice: 1, revenue: 97.5 });
  });

  test("credits per model on these journeys, worked by hand", () => {
    const credit = (model: string, kind: string, channel: string) => num(credits.find((c) => c.model === model && c.conversion_kind === kind && c.channel === channel)?.conversions ?? NaN);
    expect(credit("first_touch", "first", "Organic Search")).toBe(1);
    expect(credit("first_touch", "first", "Paid Search")).toBe(1); // b5 (bing/cpc) sorts before b6
    expect(credit("last_touch", "first", "Paid Social")).toBe(1);
    expect(credit("last_non_direct", "first", "Organic Search")).toBe(1);
    expect(credit("last_non_direct", "first", "Direct")).toBe(0);
    expect(credit("linear", "all", "Email")).toBe(1);
    expect(credit("first_touch", "first", "Display")).toBeNaN(); // outside the window: no credit, no row
    for (const model of ["first_touch", "last_touch", "last_non_direct", "linear", "time_decay", "position_based", "markov", "shapley"]) {
      const rows = credits.filter((c) => c.model === model && c.conversion_kind === "all");
      expect(rows.reduce((s, r) => s + num(r.conversions), 0), model).toBeCloseTo(4, 8);
      expect(rows.reduce((s, r) => s + num(r.revenue), 0), model).toBeCloseTo(97.5, 5);
    }
  });
});

test("without events or exports the attribution marts build empty and the summary counts zero", async () => {
  const project = tempProject({
    "analytics.config.yml": "name: t\nsources:\n  order_lines: {path: lines.csv, preset: uci_online_retail}\n",
    "lines.csv": orderLines,
  });
  const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["attribution_channel_credits", "attribution_summary", "attribution_top_paths", "attribution_path_lengths"] });
  expect(run.tests.filter((t) => t.status === "fail").map((t) => t.test.id)).toEqual([]);
  expect(await project.mart("attribution_channel_credits")).toEqual([]);
  const summary = (await project.mart("attribution_summary"))[0];
  expect([num(summary.sessions), num(summary.conversions), num(summary.non_conversions), num(summary.revenue)]).toEqual([0, 0, 0, 0]);
}, 120_000);

test("spend gives each model's cost per conversion and return on ad spend, over the months with conversions", async () => {
  const project = tempProject({
    "analytics.config.yml": "name: t\nsources:\n  events: {path: events.csv}\n  order_lines: {path: lines.csv, preset: uci_online_retail}\nvars:\n  snapshot_date: null\n",
    "events.csv": events,
    "lines.csv": orderLines,
  });
  // The project's own seeds, with a spend table: Display's December 2023 row is before the first conversion month.
  cpSync(seedsDir, project.seedsRoot, { recursive: true });
  writeFileSync(join(project.seedsRoot, "marketing_spend.csv"), "channel,month,spend\nEmail,2024-01-01,100\nPaid Search,2024-02-01,50\nDisplay,2023-12-01,30\n");
  const run = await project.run({ modelsRoot: modelsDir, select: ["attribution_channel_credits", "attribution_summary"] });
  expect(run.tests.filter((t) => t.status === "fail").map((t) => t.test.id)).toEqual([]);
  const credits = await project.mart("attribution_channel_credits");
  const row = (model: string, channel: string) => credits.find((c) => c.model === model && c.conversion_kind === "all" && c.channel === channel)!;
  // Email: one conversion (A's repeat purchase, 17.50) under first touch; Paid Search: B's (20.00).
  expect([num(row("first_touch", "Email").spend), num(row("first_touch", "Email").cost_per_conversion), num(row("first_touch", "Email").return_on_ad_spend)]).toEqual([100, 100, 0.175]);
  expect([num(row("first_touch", "Paid Search").cost_per_conversion), num(row("first_touch", "Paid Search").return_on_ad_spend)]).toEqual([50, 0.4]);
  // Last touch gives Paid Search nothing (B's last touch is Paid Social): no cost per conversion, zero return.
  expect([row("last_touch", "Paid Search").cost_per_conversion, row("last_touch", "Paid Search").return_on_ad_spend]).toEqual([null, 0]);
  const summary = (await project.mart("attribution_summary"))[0];
  expect([num(summary.spend_rows), num(summary.spend_rows_outside_conversion_months)]).toEqual([3, 1]);
}, 120_000);

describe("touch-level and path-level exports", () => {
  const touchCsv = [
    "cookie,time,interaction,conversion,conversion_value,channel",
    "u1,2018-07-03 13:02:11,impression,0,0,Instagram",
    "u1,2018-07-05 09:00:00,impression,0,0,Facebook",
    "u1,2018-07-06 10:00:00,conversion,1,12.5,Online Display",
    "u2,2018-07-01 00:00:00,impression,0,0,Paid Search",
    ",2018-07-01 00:00:00,impression,0,0,Paid Search",
  ].join("\n");
  const pathCsv = [
    "path,total_conversions,total_conversion_value,total_null",
    "alpha > beta,2,30,8",
    "beta,1,5,9",
    "gamma > > beta,1,1,1",
  ].join("\n");

  test("rows become journeys; unusable rows are counted with their reason", async () => {
    const project = tempProject({
      "analytics.config.yml": "name: t\nsources:\n  attribution_touches: {path: touches.csv, preset: mta_touches}\n  attribution_paths: {path: paths.csv, preset: channel_attribution}\n",
      "touches.csv": touchCsv,
      "paths.csv": pathCsv,
    });
    const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["attribution_channel_credits", "attribution_summary"] });
    expect(run.tests.filter((t) => t.status === "fail").map((t) => t.test.id)).toEqual([]);
    const journeys = (await project.mart("attribution_journeys")).map((j) => ({ origin: j.origin, kind: j.conversion_kind, path: j.channel_path, conversions: num(j.conversions), non: num(j.non_conversions), revenue: num(j.revenue) }));
    expect(journeys).toEqual([
      { origin: "path_export", kind: "unknown", path: "alpha > beta", conversions: 2, non: 8, revenue: 30 },
      { origin: "path_export", kind: "unknown", path: "beta", conversions: 1, non: 9, revenue: 5 },
      { origin: "touch_export", kind: "first", path: "Instagram > Facebook > Online Display", conversions: 1, non: 0, revenue: 12.5 },
      { origin: "touch_export", kind: "first", path: "Paid Search", conversions: 0, non: 1, revenue: 0 },
    ]);
    const summary = (await project.mart("attribution_summary"))[0];
    expect([num(summary.export_touch_rows), num(summary.export_touch_rows_excluded), num(summary.export_path_rows), num(summary.export_path_rows_excluded)]).toEqual([5, 1, 3, 1]);
    const credits = await project.mart("attribution_channel_credits");
    const linear = Object.fromEntries(credits.filter((c) => c.model === "linear" && c.conversion_kind === "all").map((c) => [c.channel, num(c.conversions)]));
    expect(linear.alpha).toBeCloseTo(1, 8);
    expect(linear.beta).toBeCloseTo(2, 8);
    expect(linear.Instagram).toBeCloseTo(1 / 3, 8);
  }, 120_000);

  test("a value that does not parse is reported with file, row and column", async () => {
    const project = tempProject({
      "analytics.config.yml": "name: t\nsources:\n  attribution_touches: {path: touches.csv, preset: mta_touches}\n",
      "touches.csv": touchCsv.replace("2018-07-05 09:00:00", "yesterday"),
    });
    await expect(project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["stg_attribution__touches"] })).rejects.toThrow(/touches\.csv, row 2 \(line 3\), column time: "yesterday"/);
  });

  test("a missing column is named with the preset", async () => {
    const project = tempProject({
      "analytics.config.yml": "name: t\nsources:\n  attribution_paths: {path: paths.csv, preset: channel_attribution}\n",
      "paths.csv": pathCsv.replace("total_null", "nulls"),
    });
    await expect(project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["stg_attribution__paths"] })).rejects.toThrow(/column "total_null" is missing \(it holds attribution_paths\.non_conversions, preset channel_attribution\)/);
  });
});
