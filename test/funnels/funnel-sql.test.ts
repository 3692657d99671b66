// Hand-worked fixtures for every funnel rule, run in a real DuckDB as the build and the page run a
// funnel: each start's steps found in JavaScript (funnel-chains.js), then the shared SQL module.
// Each expected value was worked out by hand from the events listed beside it.
import { describe, expect, it } from "vitest";
import { dropoffCountsLookedUpSql, dropoffCountsSql, dropoffsFromAttemptsSql, dropoffsLookedUpSql, stepsFromAttemptsSql, withVariantSql, type FunnelSpec, type FunnelOptions } from "../../src/components/funnel-sql.js";
// Every query as the build and the page run it: chains found in JavaScript, then the shared SQL.
import { attemptsSql, dropoffsSql, stepsSql, timeToConvertSql, trendSql } from "./production-sql.ts";
import { wilsonInterval } from "../../data-loaders/lib/stats/proportions.ts";
import { at, fixtureDb, rows, type FixtureEvent } from "./helpers.ts";

const abc = (over: Partial<FunnelSpec> = {}): FunnelSpec => ({
  steps: [{ event: "a" }, { event: "b" }, { event: "c" }],
  window: "10 minutes",
  windowSeconds: 600,
  order: "sequential",
  unit: "users",
  ...over,
});

async function reached(events: FixtureEvent[], funnel: FunnelSpec, options: FunnelOptions = {}): Promise<Record<string, number>> {
  const db = await fixtureDb(events);
  const result = await rows(db, `select unit_id, reached from (${await attemptsSql(db, funnel, options)}) order by unit_id`);
  return Object.fromEntries(result.map((r) => [String(r.unit_id), Number(r.reached)]));
}

const e = (user: string, t: number, event: string, extra: Partial<FixtureEvent> = {}): FixtureEvent => ({ user, t, event, ...extra });

describe("sequential funnel rules", () => {
  it("steps out of order do not count until they happen in order", async () => {
    const result = await reached(
      [e("u1", 0, "b"), e("u1", 10, "a"), e("u1", 20, "c"), e("u2", 0, "a"), e("u2", 5, "c"), e("u2", 10, "b"), e("u2", 20, "c")],
      abc(),
    );
    // u1: a at 10, no b after it -> step 1. u2: a 0, b 10, c 20 (the c at 5 is before b) -> 3.
    expect(result).toEqual({ u1: 1, u2: 3 });
  });

  it("repeated steps are counted once", async () => {
    const db = await fixtureDb([e("u3", 0, "a"), e("u3", 5, "a"), e("u3", 10, "b"), e("u3", 15, "b"), e("u3", 20, "c"), e("u3", 25, "c")]);
    const steps = await rows(db, await stepsSql(db, abc()));
    expect(steps.map((s) => [s.entered, s.converted, s.dropped])).toEqual([[1, 1, 0], [1, 1, 0], [1, 1, 0]]);
  });

  it("the best attempt counts: the one that goes furthest, ties to the earliest", async () => {
    const db = await fixtureDb([
      // u4: first attempt a 0, b 10, c at 1000 is 1000 s after a (window 600); second attempt a 900, b 950, c 1000 -> 3.
      e("u4", 0, "a"), e("u4", 10, "b"), e("u4", 900, "a"), e("u4", 950, "b"), e("u4", 1000, "c"),
      // u5: two attempts both reaching b -> the first (a at 0).
      e("u5", 0, "a"), e("u5", 10, "b"), e("u5", 2000, "a"), e("u5", 2010, "b"),
    ]);
    const result = await rows(db, `select unit_id, reached, strftime(at_1, '%H:%M:%S') as first from (${await attemptsSql(db, abc())}) order by 1`);
    expect(result).toEqual([
      { unit_id: "u4", reached: 3, first: "00:15:00" },
      { unit_id: "u5", reached: 2, first: "00:00:00" },
    ]);
    // Total attempts counts every entry: u4 twice (2 then 3 steps), u5 twice (2 and 2).
    const attempts = await rows(db, `select unit_id, reached from (${await attemptsSql(db, abc(), { counting: "attempts" })}) order by 1, 2`);
    expect(attempts.map((r) => `${r.unit_id}:${r.reached}`)).toEqual(["u4:2", "u4:3", "u5:2", "u5:2"]);
  });

  it("the window is measured from the attempt's first step and its limit is inclusive", async () => {
    const result = await reached(
      [e("u6", 0, "a"), e("u6", 300, "b"), e("u6", 600, "c"), e("u7", 0, "a"), e("u7", 300, "b"), e("u7", 601, "c"), e("end", 5000, "z")],
      abc(),
    );
    expect(result).toEqual({ u6: 3, u7: 2 });
  });

  it("events with the same timestamp satisfy consecutive steps in funnel order; one event never two steps", async () => {
    // u8 wrote b, a, c in one second: read in funnel order a, b, c.
    expect(await reached([e("u8", 0, "b"), e("u8", 0, "a"), e("u8", 0, "c")], abc())).toEqual({ u8: 3 });
    const twice = abc({ steps: [{ event: "a" }, { event: "a" }] });
    // One a cannot be both steps; two a's in the same second can.
    expect(await reached([e("u9", 0, "a"), e("u10", 0, "a"), e("u10", 0, "a")], twice)).toEqual({ u9: 1, u10: 2 });
    // Strict: at equal times the step events come before any other event.
    expect(await reached([e("u8", 0, "z"), e("u8", 0, "b"), e("u8", 0, "a")], abc({ steps: [{ event: "a" }, { event: "b" }], order: "strict" }))).toEqual({ u8: 2 });
  });

  it("an excluded event between the given steps ends the attempt there", async () => {
    const funnel = abc({ exclusions: [{ event: "x", after: 1, before: 3 }] });
    const events = [
      e("u10", 0, "a"), e("u10", 5, "x"), e("u10", 10, "b"), e("u10", 20, "c"), // x before b -> 1
      e("u11", 0, "a"), e("u11", 10, "b"), e("u11", 15, "x"), e("u11", 20, "c"), // x between b and c -> 2
      e("u12", 0, "a"), e("u12", 10, "b"), e("u12", 20, "c"), e("u12", 30, "x"), // x after c -> 3
    ];
    expect(await reached(events, funnel)).toEqual({ u10: 1, u11: 2, u12: 3 });
    // Guarding only b -> c: u10's x (before b) does not matter.
    expect(await reached(events, abc({ exclusions: [{ event: "x", after: 2, before: 3 }] }))).toEqual({ u10: 3, u11: 2, u12: 3 });
  });

  it("a start that never reaches a step finds none of the later ones, however DuckDB plans the join", async () => {
    // u12's second start (a at 1000) has no b after it, so it stops at step 1; the c at 20 belongs
    // to the first start. DuckDB runs small ASOF joins as a loop; at 0 it uses the ASOF operator,
    // which matched a chain with no step 2 (a NULL key) to the unit's first c: a step before its start.
    const db = await fixtureDb([e("u12", 0, "a"), e("u12", 10, "b"), e("u12", 20, "c"), e("u12", 1000, "a"), e("u13", 0, "a"), e("u13", 5, "c")]);
    await db.run("set asof_loop_join_threshold = 0");
    const funnel = abc({ exclusions: [{ event: "x", after: 2, before: 3 }] });
    for (const f of [abc(), funnel]) {
      const attempts = await rows(db, `select unit_id, reached, at_3 is null as no_c from (${await attemptsSql(db, f, { counting: "attempts" })}) order by unit_id, at_1`);
      expect(attempts).toEqual([
        { unit_id: "u12", reached: 3, no_c: false },
        { unit_id: "u12", reached: 1, no_c: true },
        { unit_id: "u13", reached: 1, no_c: true },
      ]);
    }
  });

  it("strict order is broken by any other event between steps", async () => {
    const events = [e("u14", 0, "a"), e("u14", 10, "b"), e("u14", 20, "c"), e("u15", 0, "a"), e("u15", 5, "z"), e("u15", 10, "b"), e("u15", 20, "c")];
    expect(await reached(events, abc({ order: "strict" }))).toEqual({ u14: 3, u15: 1 });
    expect(await reached(events, abc())).toEqual({ u14: 3, u15: 3 });
    // Events before a unit's first start cannot follow any start; a later start still finds its
    // next events (u17's second a, then b).
    const later = [e("u16", 0, "b"), e("u16", 5, "z"), e("u16", 10, "a"), e("u16", 20, "b"), e("u17", 0, "a"), e("u17", 5, "z"), e("u17", 10, "a"), e("u17", 15, "b")];
    expect(await reached(later, abc({ order: "strict" }))).toEqual({ u16: 2, u17: 2 });
  });

  it("any order counts the distinct steps done from the attempt's first event", async () => {
    const events = [e("u2", 0, "c"), e("u2", 5, "a"), e("u2", 10, "b"), e("u3", 0, "b"), e("u3", 700, "a")];
    // u2: c, a, b within 10 s -> 3. u3: b then a 700 s later (window 600) -> 1 from either start.
    expect(await reached(events, abc({ order: "any" }))).toEqual({ "u2": 3, "u3": 1 });
  });

  it("sessions and users are different units", async () => {
    const events = [e("u16", 0, "a", { session: "s1" }), e("u16", 10, "b", { session: "s1" }), e("u16", 20, "c", { session: "s2" })];
    expect(await reached(events, abc())).toEqual({ u16: 3 });
    // Per session: s1 reaches b; s2 has no a, so it never enters.
    expect(await reached(events, abc({ unit: "sessions" }))).toEqual({ "u16 / s1": 2 });
    // Users, but the same session held constant: also 2.
    expect(await reached(events, abc({ window: "same session", windowSeconds: null }))).toEqual({ u16: 2 });
  });

  it("a property held constant must match step 1's value", async () => {
    const events = [e("u20", 0, "a", { device: "mobile" }), e("u20", 10, "b", { device: "desktop" }), e("u20", 20, "b", { device: "mobile" }), e("u20", 30, "c", { device: "desktop" })];
    expect(await reached(events, abc({ holdConstant: ["device_category"] }))).toEqual({ u20: 2 });
  });

  it("breakdown values: attributed to the first step by default, the last reached or step N on request; missing is (none)", async () => {
    const events = [
      e("u40", 0, "a", { device: "mobile" }), e("u40", 10, "b", { device: "desktop" }), e("u40", 20, "c", { device: "tablet" }),
      e("u41", 0, "a", { device: null }), e("u41", 10, "b", { device: "desktop" }),
    ];
    const db = await fixtureDb(events);
    const value = async (attribution: FunnelOptions["attribution"]) =>
      Object.fromEntries((await rows(db, `select unit_id, value from (${await attemptsSql(db, abc(), { breakdown: "device_category", attribution })}) order by 1`)).map((r) => [r.unit_id, r.value]));
    expect(await value("first")).toEqual({ u40: "mobile", u41: "(none)" });
    expect(await value("last")).toEqual({ u40: "tablet", u41: "desktop" });
    // Step 3: u41 stopped at b, so its value is read at b.
    expect(await value(3)).toEqual({ u40: "tablet", u41: "desktop" });
    expect(await value(2)).toEqual({ u40: "desktop", u41: "desktop" });
    // The same with a same-session window (each user's events are in one session), which follows
    // only the first start and gathers each step's events per unit instead of joining them.
    const inSession = async (attribution: FunnelOptions["attribution"]) =>
      Object.fromEntries((await rows(db, `select unit_id, value from (${await attemptsSql(db, abc({ window: "same session", windowSeconds: null }), { breakdown: "device_category", attribution })}) order by 1`)).map((r) => [r.unit_id, r.value]));
    expect(await inSession("first")).toEqual({ u40: "mobile", u41: "(none)" });
    expect(await inSession("last")).toEqual({ u40: "tablet", u41: "desktop" });
    expect(await inSession(3)).toEqual({ u40: "tablet", u41: "desktop" });
    expect(await inSession(2)).toEqual({ u40: "desktop", u41: "desktop" });
    const steps = await rows(db, await stepsSql(db, abc(), { breakdown: "device_category" }));
    expect(steps.filter((r) => r.step_index === 1).map((r) => [r.value, r.entered])).toEqual([["(none)", 1], ["mobile", 1]]);
  });

  it("the best attempt keeps its own missing values: none is filled in from another attempt of the unit", async () => {
    // u42: the first attempt (a without a device at 0, b 10, c 20) reaches 3; the second (a on mobile at 2000) 1.
    const db = await fixtureDb([e("u42", 0, "a", { device: null }), e("u42", 10, "b"), e("u42", 20, "c"), e("u42", 2000, "a", { device: "mobile" })]);
    const [best] = await rows(db, `select reached, value from (${await attemptsSql(db, abc(), { breakdown: "device_category" })})`);
    expect(best).toEqual({ reached: 3, value: "(none)" });
    // Any order, u43: b at 0 finds only b within 10 minutes; a at 1000 finds a and c (1010) but no b
    // after it: the best attempt starts at 1000, and the b at 0 of the other attempt is not one of its steps.
    const any = await fixtureDb([e("u43", 0, "b"), e("u43", 1000, "a"), e("u43", 1010, "c")]);
    const [attempt] = await rows(any, `select reached, strftime(at_1, '%H:%M:%S') as first, strftime(at_2, '%H:%M:%S') as second, at_3 from (${await attemptsSql(any, abc({ order: "any" }))})`);
    expect(attempt).toEqual({ reached: 2, first: "00:16:40", second: "00:16:50", at_3: null });
  });

  it("experiment variant: the user's variant in the named experiment, (none) when not assigned to it", async () => {
    // u50 in A of x, u51 in B of x (and A of y), u52 only in y, u53 in no experiment. All enter a; u50 and u51 reach c.
    // An event at 5000 s closes every window.
    const events = [e("u50", 0, "a"), e("u50", 10, "b"), e("u50", 20, "c"), e("u51", 0, "a"), e("u51", 10, "b"), e("u51", 20, "c"), e("u52", 0, "a"), e("u53", 0, "a"), e("u53", 10, "b"), e("end", 5000, "z")];
    const db = await fixtureDb(events, [{ user: "u50", experiment: "x", variant: "A" }, { user: "u51", experiment: "x", variant: "B" }, { user: "u51", experiment: "y", variant: "A" }, { user: "u52", experiment: "y", variant: "B" }]);
    const byUser = Object.fromEntries((await rows(db, `select unit_id, value from (${await attemptsSql(db, abc(), { breakdown: "experiment_variant:x" })}) order by 1`)).map((r) => [r.unit_id, r.value]));
    expect(byUser).toEqual({ u50: "A", u51: "B", u52: "(none)", u53: "(none)" });
    // The build's way (variant joined to the counted attempts) gives the same steps as the page's.
    const page = await rows(db, await stepsSql(db, abc(), { breakdown: "experiment_variant:y" }));
    const build = await rows(db, stepsFromAttemptsSql(abc(), withVariantSql(`(${await attemptsSql(db, abc())})`, "experiment_variant:y"), { value: "by_experiment_variant:y" }));
    expect(build).toEqual(page);
    // y: A = u51 (completed), B = u52 (stopped at a), (none) = u50 (completed), u53 (stopped at b).
    expect(page.filter((r) => r.step_index === 3).map((r) => [r.value, r.rate_first_units, r.rate_units])).toEqual([["(none)", 2, 1], ["A", 1, 1], ["B", 1, 0]]);
  });

  it("experiment variant: an attempt begun before the user's assignment saw no variant and is (none)", async () => {
    // u60 is assigned at 100 s: the attempt entered at 0 s is (none); u61's attempt, entered at 200 s after its 150 s assignment, is B.
    const events = [e("u60", 0, "a"), e("u60", 10, "b"), e("u61", 200, "a"), e("u61", 210, "b"), e("end", 5000, "z")];
    const db = await fixtureDb(events, [{ user: "u60", experiment: "x", variant: "A", assignedAt: 100 }, { user: "u61", experiment: "x", variant: "B", assignedAt: 150 }]);
    const byUser = Object.fromEntries((await rows(db, `select unit_id, value from (${await attemptsSql(db, abc(), { breakdown: "experiment_variant:x" })}) order by 1`)).map((r) => [r.unit_id, r.value]));
    expect(byUser).toEqual({ u60: "(none)", u61: "B" });
    const page = await rows(db, await stepsSql(db, abc(), { breakdown: "experiment_variant:x" }));
    const build = await rows(db, stepsFromAttemptsSql(abc(), withVariantSql(`(${await attemptsSql(db, abc())})`, "experiment_variant:x"), { value: "by_experiment_variant:x" }));
    expect(build).toEqual(page);
  });

  it("property filters select the step's events", async () => {
    const funnel = abc({ steps: [{ event: "page_view", where: { page: "/cart" } }, { event: "b" }] });
    const events = [e("u21", 0, "page_view", { page: "/" }), e("u21", 5, "b"), e("u22", 0, "page_view", { page: "/cart" }), e("u22", 5, "b")];
    expect(await reached(events, funnel)).toEqual({ u22: 2 });
  });
});

describe("still in window, counts and rates", () => {
  // Data end: 10 000 s. u30 entered 100 s before the end (window 600 open): still in window.
  // u31 entered 700 s before the end and stopped at a: dropped. u32, u33 completed. u34 stopped at b.
  const events = [
    e("u30", 9900, "a"),
    e("u31", 9300, "a"),
    e("u32", 0, "a"), e("u32", 10, "b"), e("u32", 20, "c"),
    e("u33", 100, "a"), e("u33", 110, "b"), e("u33", 700, "c"),
    e("u34", 200, "a"), e("u34", 210, "b"), e("u34", 5000, "page_view"),
    e("zz", 10000, "z"),
  ];

  it("splits entered into converted, dropped and still in window; rates leave the open ones out", async () => {
    const db = await fixtureDb(events);
    const steps = await rows(db, await stepsSql(db, abc()));
    // Step a: 5 entered, 3 went on (u32, u33, u34), u31 dropped, u30 still in window.
    expect(steps.map((s) => [s.entered, s.converted, s.dropped, s.still_in_window])).toEqual([[5, 3, 1, 1], [3, 2, 1, 0], [2, 2, 0, 0]]);
    // Rates over the 4 closed units: b 3/4, c 2/4 from first and 2/3 from b.
    expect(steps[1].conversion_from_previous).toBeCloseTo(3 / 4, 12);
    expect(steps[2].conversion_from_previous).toBeCloseTo(2 / 3, 12);
    expect(steps[2].conversion_from_first).toBeCloseTo(2 / 4, 12);
    const [low, high] = wilsonInterval(2, 3);
    expect(steps[2].conversion_from_previous_low).toBeCloseTo(low, 12);
    expect(steps[2].conversion_from_previous_high).toBeCloseTo(high, 12);
    // With the open unit included: b 3/5.
    const open = await rows(db, await stepsSql(db, abc(), { includeOpen: true }));
    expect(open[1].conversion_from_previous).toBeCloseTo(3 / 5, 12);
  });

  it("the window closes exactly at first step + window: open only while that is after the data end", async () => {
    // u35 entered exactly 600 s before the end: its window ends at the end, so it is closed.
    const db = await fixtureDb([e("u35", 9400, "a"), e("u36", 9401, "a"), e("zz", 10000, "z")]);
    const result = await rows(db, `select unit_id, still_in_window from (${await attemptsSql(db, abc())}) order by 1`);
    expect(result).toEqual([{ unit_id: "u35", still_in_window: false }, { unit_id: "u36", still_in_window: true }]);
  });

  it("times to convert: median and p90 by linear interpolation, in histogram bins", async () => {
    const db = await fixtureDb(events);
    const times = await rows(db, await timeToConvertSql(db, abc()));
    // a -> b: u32 10 s, u33 10 s, u34 10 s. b -> c: u32 10 s, u33 590 s -> median 300, p90 532.
    expect(times.map((t) => [t.step_index, t.units, t.median_seconds])).toEqual([[2, 3, 10], [3, 2, 300]]);
    expect(times[1].p90_seconds).toBeCloseTo(10 + 0.9 * 580, 9);
    expect([times[1].bin_2, times[1].bin_4]).toEqual([1, 1]);
  });

  it("weekly trend and drop-offs (who, their last and next events)", async () => {
    const db = await fixtureDb(events);
    const trend = await rows(db, await trendSql(db, abc()));
    expect(trend.map((t) => [t.entered, t.still_in_window, t.completed, t.rate_units])).toEqual([[5, 1, 2, 4]]);
    const drops = await rows(db, await dropoffsSql(db, abc()));
    expect(drops.map((d) => [d.user_id, d.dropped_after_step, d.last_event, d.next_event])).toEqual([
      ["u31", 1, "a", null],
      // u34's page_view at 5000 s is after its window (200 + 600 s): its next event, not its last in the window.
      ["u34", 2, "b", "page_view"],
    ]);
    expect((drops[1].step_at as Date).toISOString().replace("T", " ").replace("Z", "")).toBe(at(210));
  });

  it("drop-off counts (the funnel_dropoffs mart) equal the list of who dropped, grouped, for users, sessions and same-session windows", async () => {
    // Two sessions per user, so the unit's session and the window's session both matter: u40 and
    // u41 stop at b in s1 and go on in s2; u42 stops at a with a later event in another session.
    const db = await fixtureDb([
      ...events,
      e("u40", 0, "a", { session: "s1" }), e("u40", 10, "b", { session: "s1" }), e("u40", 20, "page_view", { session: "s1" }), e("u40", 30, "c", { session: "s2" }),
      e("u41", 0, "a", { session: "s1" }), e("u41", 10, "b", { session: "s1" }), e("u41", 40, "z", { session: "s2" }),
      e("u42", 0, "a", { session: "s1" }), e("u42", 50, "page_view", { session: "s2" }),
    ]);
    const funnels = [abc(), abc({ unit: "sessions" }), abc({ window: "same session", windowSeconds: null }), abc({ order: "strict" })];
    // Worked by hand: [user, dropped after step, last event in the window, next event after the step].
    const expected = [
      // Users: u40 completes (c in s2 counts); u41's last event in the window and next one are s2's z.
      [["u31", 1, "a", null], ["u34", 2, "b", "page_view"], ["u41", 2, "z", "z"], ["u42", 1, "page_view", "page_view"]],
      // Sessions: u40's s1 stops at b, its last and next event the page_view; u41's and u42's next
      // events are in another session, so none; their last events are s1's.
      [["u31", 1, "a", null], ["u34", 2, "b", "page_view"], ["u40", 2, "page_view", "page_view"], ["u41", 2, "b", null], ["u42", 1, "a", null]],
      // Same session: u31's session is still open (its last event + 30 minutes is after the data end);
      // u34's last event is its session's last (the window has no time limit); next events may be in any session.
      [["u34", 2, "page_view", "page_view"], ["u40", 2, "page_view", "page_view"], ["u41", 2, "b", "z"], ["u42", 1, "a", "page_view"]],
      // Strict: u40's page_view breaks the chain after b; its last event in the window is s2's c.
      [["u31", 1, "a", null], ["u34", 2, "b", "page_view"], ["u40", 2, "c", "page_view"], ["u41", 2, "z", "z"], ["u42", 1, "page_view", "page_view"]],
    ];
    // Run as DuckDB plans it for this fixture (its small ASOF joins as loops), then with the ASOF
    // operator, which once mishandled NULL probe keys (in the SQL form of the chains, chainsSql); the
    // drop-off lookups still use ASOF joins.
    for (const threshold of ["default", 0]) {
      if (threshold === 0) await db.run("set asof_loop_join_threshold = 0");
      for (const [i, funnel] of funnels.entries()) {
        const list = await rows(db, await dropoffsSql(db, funnel));
        const byUser = list.map((d) => [d.user_id, d.dropped_after_step, d.last_event, d.next_event]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
        expect(byUser, JSON.stringify(funnel)).toEqual(expected[i]);
      }
      const parts: { name: string; funnel: FunnelSpec; attempts: string }[] = [];
      for (const [i, funnel] of funnels.entries()) parts.push({ name: `f${i}`, funnel, attempts: `(${await attemptsSql(db, funnel, { dropoffs: true })})` });
      // The mart's counts (all four together) and each one alone, against the list grouped and
      // against the drops' events looked up in SQL (all four together, as the mart once did).
      const together = await rows(db, dropoffCountsSql(parts));
      expect(await rows(db, dropoffCountsLookedUpSql(parts))).toEqual(together);
      for (const part of parts) {
        const grouped = await rows(db, `select dropped_after_step, last_event, next_event, count(*) as units from (${dropoffsFromAttemptsSql(part.funnel, part.attempts)}) group by all order by all`);
        const alone = await rows(db, dropoffCountsSql([part]));
        expect(grouped.length, part.name).toBeGreaterThan(1);
        expect(alone.map(({ funnel, ...rest }) => rest), part.name).toEqual(grouped);
        expect(together.filter((r) => r.funnel === part.name), part.name).toEqual(alone);
        expect(await rows(db, dropoffsFromAttemptsSql(part.funnel, part.attempts)), part.name).toEqual(await rows(db, dropoffsLookedUpSql(part.funnel, part.attempts)));
      }
    }
  });
});
