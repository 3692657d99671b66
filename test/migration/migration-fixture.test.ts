// Segment migration on six customers worked out by hand, run through the project's real models.
//
// Snapshot A = 2024-03-01 (history to 29 Feb). Five buyers, so ntile(5) gives each its own score.
//   recency  a1 10, a2 56, a3 5, a4 15, a5 41      frequency a1 2, a2 1, a3 1, a4 3, a5 1
//   monetary a1 200, a2 500, a3 50, a4 60, a5 300
//   R (recency desc):             a2 1, a5 2, a4 3, a1 4, a3 5
//   F (frequency, then spend):    a3 1, a5 2, a2 3, a1 4, a4 5
//   M (spend):                    a3 1, a4 2, a1 3, a5 4, a2 5
//   cells a1 443 Loyal, a2 135 At Risk, a3 511 New Customers, a4 352 Loyal, a5 224 At Risk
// Snapshot B = 2024-04-01 (today). a3's order was cancelled on 10 March (net basis: no purchase, no
// value left -> 'No net value'); a1 returned 40 of P1 on 26 March (net 300 - 40 = 260); a6 is new.
//   recency  a1 7, a2 4, a4 46, a5 72, a6 1       frequency a1 3, a2 2, a4 3, a5 1, a6 1
//   monetary a1 260, a2 700, a4 60, a5 300, a6 1000
//   R: a5 1, a4 2, a1 3, a2 4, a6 5   F: a5 1, a6 2, a2 3, a4 4, a1 5   M: a4 1, a1 2, a5 3, a2 4, a6 5
//   cells a1 352 Loyal, a2 434 Loyal, a4 241 At Risk, a5 113 Lost, a6 525 Champions
// Moves A -> B (segment order of seeds/rfm_segments.csv, 1 = best): a1 Loyal -> Loyal stayed;
// a2 At Risk (8) -> Loyal (2) improved; a3 New Customers (4) -> No net value (12), a4 Loyal (2) ->
// At Risk (8) and a5 At Risk (8) -> Lost (11) slipped; a6 arrived as a Champion.
// Tiers: every tenure is under the 90-day floor, so CLTV profit is proportional to net value; at B
// the 33rd/66th percentiles of (60, 260, 300, 700, 1000) are 272.8 and 556 -> a4, a1 Low, a5
// Medium, a2, a6 High; at A of (50, 60, 200, 300, 500) they are 104.8 and 264 -> a3, a4 Low, a1
// Medium, a5, a2 High. Churn (90-day window, risk groups 30/60/90): a5 is 72 days quiet at B (At
// Risk); a3 is dated by its cancelled order, 36 days.
import { beforeAll, expect, test } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import type { Row } from "../../data-loaders/pipeline/duckdb.ts";
import { tempProject, type TempProject } from "../helpers/temp-project.ts";
import { config, orderLines } from "./fixture.ts";

let project: TempProject;
let history: Row[];

beforeAll(async () => {
  project = tempProject({ "analytics.config.yml": config, "lines.csv": orderLines() });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["segment_migration_summary", "customer_rfm"] });
  expect(summary.failed, summary.log.join("\n")).toBe(false);
  history = await project.mart("customer_segment_history");
});

const day = (value: unknown) => (value as Date).toISOString().slice(0, 10);
const at = (snapshot: string) => history.filter((r) => day(r.snapshot_date) === snapshot);
const pick = (rows: Row[], keys: string[]) =>
  Object.fromEntries(rows.map((r) => [r.customer_id, keys.map((k) => (r[k] !== null && /^(r|f|m)_score|recency_days|frequency|monetary|revenue_last_12_months/.test(k) ? Number(r[k]) : r[k]))]));

test("the history holds the two snapshots, the later one today's", async () => {
  expect([...new Set(history.map((r) => day(r.snapshot_date)))]).toEqual(["2024-03-01", "2024-04-01"]);
});

test("segments, scores, value, churn and tier as of 1 March match the hand-worked ones", () => {
  expect(pick(at("2024-03-01"), ["segment", "r_score", "f_score", "m_score", "recency_days", "frequency", "monetary", "churn_status", "cltv_tier"])).toEqual({
    a1: ["Loyal", 4, 4, 3, 10, 2, 200, "Active", "Medium"],
    a2: ["At Risk", 1, 3, 5, 56, 1, 500, "Active", "High"],
    a3: ["New Customers", 5, 1, 1, 5, 1, 50, "Active", "Low"],
    a4: ["Loyal", 3, 5, 2, 15, 3, 60, "Active", "Low"],
    a5: ["At Risk", 2, 2, 4, 41, 1, 300, "Active", "High"],
  });
});

test("segments, scores, value, churn and tier as of 1 April match the hand-worked ones", () => {
  expect(pick(at("2024-04-01"), ["segment", "r_score", "f_score", "m_score", "recency_days", "frequency", "monetary", "churn_status", "cltv_tier"])).toEqual({
    a1: ["Loyal", 3, 5, 2, 7, 3, 260, "Active", "Low"],
    a2: ["Loyal", 4, 3, 4, 4, 2, 700, "Active", "High"],
    a3: ["No net value", null, null, null, 36, 0, 0, "Active", "No net value"],
    a4: ["At Risk", 2, 4, 1, 46, 3, 60, "Active", "Low"],
    a5: ["Lost", 1, 1, 3, 72, 1, 300, "At Risk", "Medium"],
    a6: ["Champions", 5, 2, 5, 1, 1, 1000, "Active", "High"],
  });
});

// Worth in the year before each snapshot, on the net value basis: on 1 March nothing had been
// credited yet; by 1 April a3's 50 was cancelled (0 left) and a1's return of 40 came off 300.
test("revenue in the year before each snapshot is net of the credit notes matched by then", () => {
  expect(pick(at("2024-03-01"), ["revenue_last_12_months"])).toEqual({ a1: [200], a2: [500], a3: [50], a4: [60], a5: [300] });
  expect(pick(at("2024-04-01"), ["revenue_last_12_months"])).toEqual({ a1: [260], a2: [700], a3: [0], a4: [60], a5: [300], a6: [1000] });
});

// revenue_between is what each customer's (net) value grew by: a1 bought 100 and returned 40 (60);
// a3's 50 was cancelled (-50).
test("the flows between the two snapshots are the hand-worked moves, with their revenue", async () => {
  const flows = (await project.mart("segment_migration_flows")).map((r) => [r.from_segment, r.to_segment, r.direction, Number(r.customers), r.revenue_year_before, r.revenue_between]);
  expect(flows).toEqual(expect.arrayContaining([
    ["Loyal", "Loyal", "stayed", 1, 200, 60],
    ["At Risk", "Loyal", "improved", 1, 500, 200],
    ["New Customers", "No net value", "slipped", 1, 50, -50],
    ["Loyal", "At Risk", "slipped", 1, 60, 0],
    ["At Risk", "Lost", "slipped", 1, 300, 0],
    ["(not yet a customer)", "Champions", "new", 1, 0, 1000],
  ]));
  expect(flows).toHaveLength(6);
  const [summary] = await project.mart("segment_migration_summary");
  expect([summary.customers_at_both, summary.stayed, summary.improved, summary.slipped, summary.new_customers].map(Number)).toEqual([5, 1, 1, 3, 1]);
  expect(summary.slipped_share).toBeCloseTo(3 / 5, 12);
  expect(summary.slipped_revenue_year_before).toBe(50 + 60 + 300);
});

test("today's segments are the latest snapshot's", async () => {
  const today = await project.mart("customer_rfm");
  expect(Object.fromEntries(today.map((r) => [r.customer_id, r.segment]))).toEqual(Object.fromEntries(at("2024-04-01").map((r) => [r.customer_id, r.segment])));
});
