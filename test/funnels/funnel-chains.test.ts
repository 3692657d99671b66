// The chains the build and the page find in JavaScript (src/components/funnel-chains.js) against the
// rules' SQL form (chainsSql in funnel-sql.js, which the hand-worked fixtures of funnel-sql.test.ts
// check rule by rule): row for row equal, by EXCEPT ALL both ways and with the same column types,
// on generated events crowded with what the rules are about (equal timestamps, repeated and
// out-of-order steps, several sessions, excluded events, missing properties), for every order mode,
// unit, window kind, exclusion, hold-constant, pick and id option; and the drops' last and next
// events found with the attempts against the same found in SQL (dropoffsLookedUpSql).
import { describe, expect, it } from "vitest";
import { attemptsFromCountedSql, breakdownProperties, chainsSql, countedFromChainsSql, dropoffsFromAttemptsSql, dropoffsLookedUpSql, type FunnelOptions, type FunnelSpec } from "../../src/components/funnel-sql.js";
import { eventPropertiesRead, findChains, funnelEvents, readsSessionProperties } from "../../src/components/funnel-chains.js";
import { fixtureDb, productionChains, productionCounted, readerOf, rows, type FixtureEvent } from "./helpers.ts";
import { codedTable, countedTablesInBatches } from "../../data-loaders/lib/funnels/chains.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import { connect, openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import { mulberry32 } from "../helpers/seeded-random.ts";


function generatedEvents(seed: number, users = 14, maxEvents = 30): FixtureEvent[] {
  const next = mulberry32(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const events: FixtureEvent[] = [];
  for (let u = 0; u < users; u++) {
    const count = Math.floor(next() * maxEvents);
    for (let i = 0; i < count; i++) {
      // Times on a coarse grid over three days, so that many events share a timestamp.
      const day = Math.floor(next() * 3);
      const slot = Math.floor(next() * 40);
      const t = day * 86400 + slot * 60;
      events.push({
        user: `u${u}`,
        t,
        event: pick(["a", "a", "b", "b", "c", "c", "d", "x"]),
        session: `s${day}-${Math.floor(slot / 15)}`,
        page: pick(["/p", "/q", "/p/1", null]),
        device: pick(["desktop", "mobile", null]),
        channel: pick(["Direct", "Direct", "Email"]),
      });
    }
  }
  return events;
}

// Filters on an event property (a list, a prefix) and on a session property (the session's channel).
const steps = [{ event: "a" }, { event: "b", where: { page: ["/p", "/p/1"] } }, { event: "c", where: { channel: "Direct" } }, { event: "d", where: { page: "/p*" } }];
const windows = [{ window: "10 minutes", windowSeconds: 600 }, { window: "same session", windowSeconds: null }];
const holds = [[], ["device_category", "channel"], ["session"]];

/** Two tables' rows equal (EXCEPT ALL both ways, not empty) with the same column types. */
async function expectSameTable(db: DuckDBConnection, js: string, sql: string, label: string): Promise<void> {
  const [diff] = await rows(db, `select (select count(*) from (select * from ${js} except all select * from ${sql})) as js_only,
    (select count(*) from (select * from ${sql} except all select * from ${js})) as sql_only, (select count(*) from ${sql}) as total`);
  expect({ jsOnly: Number(diff.js_only), sqlOnly: Number(diff.sql_only) }, label).toEqual({ jsOnly: 0, sqlOnly: 0 });
  expect(Number(diff.total), label).toBeGreaterThan(0);
  const types = async (table: string) => (await rows(db, `select column_name, column_type from (describe ${table})`)).map((r) => `${r.column_name} ${r.column_type}`);
  expect(await types(js), label).toEqual(await types(sql));
}

describe("funnel chains and counted attempts in JavaScript equal the rules' SQL form", () => {
  it("on generated events, every order mode, unit, window kind, exclusion, hold and option", async () => {
    let compared = 0;
    let counted = 0;
    let dropped = 0;
    for (const seed of [1, 2, 3]) {
      const db = await fixtureDb(generatedEvents(seed));
      for (const order of ["sequential", "strict", "any"] as const) {
        for (const unit of ["users", "sessions"] as const) {
          for (const w of windows) {
            for (const [h, holdConstant] of holds.entries()) {
              const exclusions = order === "any" || h === 1 ? [] : [{ event: "x", after: 1, before: 3 }];
              const funnel = { steps, order, unit, ...w, exclusions, holdConstant } as FunnelSpec;
              const options: FunnelOptions = {
                picks: h === 0 ? breakdownProperties : ["device_category"],
                withIds: h !== 1,
                attribution: (["first", "last", 2] as const)[h],
                counting: seed === 2 ? "attempts" : "best",
                ...(seed === 3 ? { entryFrom: "2024-01-02", entryTo: "2024-01-02" } : {}),
              };
              const label = `seed ${seed} ${order} ${unit} ${w.window} hold ${holdConstant.join(",") || "none"}`;
              await productionChains(db, "js_chains", funnel, options);
              await db.run(`create or replace table sql_chains as ${chainsSql(funnel, options)}`);
              await expectSameTable(db, "js_chains", "sql_chains", label);
              // The attempts counted from those chains, for window lengths that cut them differently
              // (the 60-second grid puts steps exactly at the 10-minute limit).
              for (const windowSeconds of w.windowSeconds ? [600, 3600] : [null]) {
                const cut = { ...funnel, windowSeconds } as FunnelSpec;
                await productionCounted(db, "js_counted", cut, options);
                await db.run(`create or replace table sql_counted as ${countedFromChainsSql(cut, "sql_chains", options)}`);
                await expectSameTable(db, "js_counted", "sql_counted", `${label} counted, window ${windowSeconds}`);
                counted++;
                // Who dropped, with the last and next events found as the attempts are counted, against
                // the same drops' events looked up in SQL (what funnel_dropoffs did before).
                if (options.withIds) {
                  const withDrops = { ...options, dropoffs: true };
                  await productionCounted(db, "js_dropped_counted", cut, withDrops);
                  const attempts = `(${attemptsFromCountedSql(cut, "js_dropped_counted", withDrops)})`;
                  await db.run(`create or replace table js_dropped as ${dropoffsFromAttemptsSql(cut, attempts)}`);
                  await db.run(`create or replace table sql_dropped as ${dropoffsLookedUpSql(cut, attempts)}`);
                  await expectSameTable(db, "js_dropped", "sql_dropped", `${label} dropped, window ${windowSeconds}`);
                  dropped++;
                }
              }
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBe(3 * 3 * 2 * 2 * 3);
    expect(counted).toBe(3 * 3 * 2 * 3 * 3);
    expect(dropped).toBe((counted * 2) / 3);
  }, 120_000);

  it("counts the same attempts batch by batch of users as over all the events at once (the build's batches)", async () => {
    // Enough events for several of DuckDB's 2,048-row chunks, and one user (the last by key) with
    // more events than a batch holds, so that users straddle chunks and a batch has to grow.
    const many = generatedEvents(4, 400, 60);
    const heavy = Array.from({ length: 5000 }, (_, i) => ({ ...many[i], user: "z-heavy" }));
    const db = await fixtureDb([...many, ...heavy]);
    const funnels: [FunnelSpec, FunnelOptions][] = [
      [{ steps, order: "sequential", unit: "users", window: "10 minutes", windowSeconds: 600, exclusions: [{ event: "x", after: 1, before: 3 }], holdConstant: [] } as FunnelSpec, { picks: breakdownProperties, attribution: "last" }],
      [{ steps, order: "strict", unit: "sessions", window: "same session", windowSeconds: null, exclusions: [], holdConstant: ["device_category"] } as FunnelSpec, { picks: ["device_category"], withIds: true, counting: "attempts" }],
      [{ steps, order: "any", unit: "users", window: "10 minutes", windowSeconds: 3600, exclusions: [], holdConstant: ["session"] } as FunnelSpec, { picks: breakdownProperties, withIds: true }],
    ];
    for (const [i, [funnel, options]] of funnels.entries()) await productionCounted(db, `whole_${i}`, funnel, options);
    const [{ events }] = await rows(db, "select count(*) as events from funnel_events");
    expect(events).toBeGreaterThan(3 * 2048);
    for (const batchEvents of [2048, 3000, 1_000_000]) {
      const reader = await readerOf(db);
      const batches = await countedTablesInBatches(db, reader, funnels.map(([funnel, options], i) => ({ table: `batched_${i}`, funnel, options })), batchEvents);
      reader.closeSync();
      // A batch that holds every event gives them all at once.
      if (batchEvents === 1_000_000) expect(batches).toBe(1);
      else expect(batches).toBeGreaterThan(2);
      for (const i of funnels.keys()) await expectSameTable(db, `batched_${i}`, `whole_${i}`, `funnel ${i}, batches of ${batchEvents} events (${batches})`);
    }
    // The build's funnel_events types its name, page and device as ENUMs of their values
    // (models/marts/funnel_events.ts): read as their enum codes, not joined to a dictionary, they
    // give the same attempts. The values are listed out of text order here, so a code taken for a
    // rank of the text would not pass.
    for (const column of ["event_name", "page", "device_category"]) {
      const values = (await rows(db, `select distinct ${column} as v from funnel_events where ${column} is not null order by v desc`)).map((r) => `'${String(r.v)}'`);
      await db.run(`alter table funnel_events alter ${column} type enum(${values.join(", ")})`);
    }
    const reader = await readerOf(db);
    await countedTablesInBatches(db, reader, funnels.map(([funnel, options], i) => ({ table: `coded_${i}`, funnel, options })), 3000);
    reader.closeSync();
    for (const i of funnels.keys()) await expectSameTable(db, `coded_${i}`, `whole_${i}`, `funnel ${i}, names, pages and devices as ENUMs`);
    // The build's funnel_events is stored sorted by user_key, event_seq (sorted_by in funnels.yml):
    // read in that stored order, without a sort, the same attempts.
    await db.run("create table funnel_events_sorted as select * from funnel_events order by user_key, event_seq");
    await db.run("drop table funnel_events");
    await db.run("alter table funnel_events_sorted rename to funnel_events");
    const stored = await readerOf(db);
    await countedTablesInBatches(db, stored, funnels.map(([funnel, options], i) => ({ table: `stored_${i}`, funnel, options })), 3000, ["user_key", "event_seq"]);
    stored.closeSync();
    for (const i of funnels.keys()) await expectSameTable(db, `stored_${i}`, `whole_${i}`, `funnel ${i}, read in the stored order`);

    // Funnels that read no session property: the batches come without the sessions (readsSessionProperties).
    const eventSteps = steps.map(({ event, where }) => ({ event, ...(where && !("channel" in where) ? { where } : {}) }));
    const withoutSessions: [FunnelSpec, FunnelOptions][] = [
      [{ steps: eventSteps, order: "sequential", unit: "sessions", window: "same session", windowSeconds: null, exclusions: [], holdConstant: [] } as FunnelSpec, { picks: ["device_category"] }],
      [{ steps: eventSteps, order: "strict", unit: "users", window: "10 minutes", windowSeconds: 600, exclusions: [{ event: "x", after: 1, before: 2 }], holdConstant: ["device_category"] } as FunnelSpec, { withIds: true, dropoffs: true }],
    ];
    expect(funnels.map(([funnel]) => readsSessionProperties(funnel))).toEqual([true, true, true]);
    expect(withoutSessions.map(([funnel]) => readsSessionProperties(funnel))).toEqual([false, false]);
    expect(readsSessionProperties({ ...withoutSessions[0][0], holdConstant: ["country"] })).toBe(true);
    // And one that reads no page (no filter, hold or pick of it): its batches come without the page.
    withoutSessions.push([{ steps: [{ event: "a" }, { event: "c" }, { event: "b" }], order: "sequential", unit: "users", window: "10 minutes", windowSeconds: 600, exclusions: [], holdConstant: [] } as FunnelSpec, { picks: ["device_category"], withIds: true, dropoffs: true }]);
    expect(withoutSessions.map(([funnel, options]) => eventPropertiesRead(funnel, options))).toEqual([["page", "device_category"], ["page", "device_category"], ["device_category"]]);
    expect(eventPropertiesRead(withoutSessions[2][0], { breakdowns: ["page", "channel"] })).toEqual(["page"]);
    for (const [i, [funnel, options]] of withoutSessions.entries()) await productionCounted(db, `whole_events_${i}`, funnel, options);
    const eventsReader = await readerOf(db);
    await countedTablesInBatches(db, eventsReader, withoutSessions.map(([funnel, options], i) => ({ table: `events_only_${i}`, funnel, options })), 3000);
    eventsReader.closeSync();
    for (const i of withoutSessions.keys()) await expectSameTable(db, `events_only_${i}`, `whole_events_${i}`, `funnel ${i} without session properties`);
    // The last alone reads no page, and counts the same (a funnel that needs a property read
    // without fails: the test below).
    const pageless = await readerOf(db);
    await countedTablesInBatches(db, pageless, [{ table: "pageless", funnel: withoutSessions[2][0], options: withoutSessions[2][1] }], 3000);
    pageless.closeSync();
    await expectSameTable(db, "pageless", "whole_events_2", "a funnel without the page, read alone");
  }, 60_000);

  // The build asks for each breakdown value as an ENUM of the property's values and "(none)"
  // (int_funnel_attempts), which it writes faster than text: the same values, of that type.
  it("gives breakdown values of the types asked for, the same values as the text the page reads", async () => {
    const db = await fixtureDb(generatedEvents(5, 40, 40));
    const funnel = { steps, order: "sequential", unit: "users", window: "10 minutes", windowSeconds: 600, exclusions: [], holdConstant: [] } as FunnelSpec;
    const options: FunnelOptions = { picks: ["device_category"], breakdowns: ["device_category", "channel"], attribution: "last" };
    await productionCounted(db, "typed", funnel, options);
    const valueTypes = { device_category: "enum('(none)', 'desktop', 'mobile')", channel: "enum('(none)', 'Direct', 'Email')" };
    const columns = "user_key, reached, cast(by_device_category as varchar) as device, cast(by_channel as varchar) as channel";
    const asText = `select ${columns} from (${attemptsFromCountedSql(funnel, "typed", options)})`;
    const typed = attemptsFromCountedSql(funnel, codedTable("typed"), { ...options, valueTypes });
    const [diff] = await rows(db, `select (select count(*) from (${asText} except all select ${columns} from (${typed}))) + (select count(*) from (select ${columns} from (${typed}) except all ${asText})) as n,
      (select count(*) filter (where by_device_category = '(none)') from (${typed})) as none, (select count(*) from (${typed})) as total`);
    expect(diff).toEqual({ n: 0, none: expect.any(Number), total: expect.any(Number) });
    expect(diff.none).toBeGreaterThan(0);
    expect(diff.total).toBeGreaterThan(diff.none as number);
    const types = await rows(db, `select column_name, column_type from (describe ${typed}) where column_name like 'by_%' order by 1`);
    expect(types).toEqual([{ column_name: "by_channel", column_type: "ENUM('(none)', 'Direct', 'Email')" }, { column_name: "by_device_category", column_type: "ENUM('(none)', 'desktop', 'mobile')" }]);
  });

  it("names a property the events were read without", () => {
    const events = funnelEvents({ userKey: Int32Array.from([1]), sessionKey: Int32Array.from([1]), eventSeq: Int32Array.from([1]), micros: Float64Array.from([0]), event_name: { codes: Int32Array.from([0]), values: ["a"] } });
    const funnel = { steps: [{ event: "a" }, { event: "b", where: { page: "/p" } }], order: "sequential", unit: "users", window: "10 minutes", windowSeconds: 600, exclusions: [], holdConstant: [] } as FunnelSpec;
    expect(() => findChains(funnel, events)).toThrow("the funnel reads page, and the events were read without it (eventPropertiesRead)");
  });

  // The build counts in a worker thread (lib/funnels/counting-worker.js): a funnel's error there
  // fails the count with its own message, and the thread is stopped, not left running.
  it("fails the build's count with the message of an error in the counting thread", async () => {
    const db = await fixtureDb(generatedEvents(2, 40, 60));
    const reader = await readerOf(db);
    const funnel = { steps, order: "sequential", unit: "users", window: "10 minutes", windowSeconds: 600, exclusions: [], holdConstant: [] } as FunnelSpec;
    await expect(countedTablesInBatches(db, reader, [{ table: "failing", funnel, options: { picks: ["device_category"], breakdowns: ["device_category"], attribution: 9 } }], 3000)).rejects.toThrow(`attribution step 9 is not a step of the funnel`);
    reader.closeSync();
  });

  // Read without a sort, the events must be stored in order: a batch out of order fails, and so does
  // a batch whose first user came before the last of the batch before (each batch in order itself).
  it("fails the build's count when the events said to be stored in order are not", async () => {
    const { instance, connection: db } = await openDatabase();
    const funnel = { steps: [{ event: "a" }, { event: "b" }], order: "sequential", unit: "users", window: "10 minutes", windowSeconds: 600, exclusions: [], holdConstant: [] } as FunnelSpec;
    const count = async (table: string) => {
      const reader = await connect(instance);
      try {
        return await countedTablesInBatches(db, reader, [{ table, funnel, options: {} }], 2048, ["user_key", "event_seq"]);
      } finally {
        reader.closeSync();
      }
    };
    const stored = async (keys: number[]) => {
      await db.run(`create or replace table funnel_events as select u.user_key, u.user_key as session_key, 1 as event_seq, timestamp '2024-01-01' + to_seconds(u.i) as event_at,
          cast('a' as enum('a', 'b')) as event_name, cast(null as varchar) as page, cast(null as varchar) as device_category
        from (select unnest([${keys.join(", ")}]) as user_key, generate_subscripts([${keys.join(", ")}], 1) as i) as u order by u.i`);
    };
    try {
      await stored(Array.from({ length: 3000 }, (_, i) => 3000 - i));
      await expect(count("descending")).rejects.toThrow("funnel_events, read in its stored order (sorted_by user_key, event_seq in its YAML), is not in user_key, event_seq order: the events are not sorted by user_key, then event_seq (row 2)");
      // Users 10..2056 fill the first chunk (2,048 rows) but for its last row, user 5; then 5000 on.
      // The first batch is users 10..2056 (user 5 goes on to the next, as a user still being read),
      // and the second, user 5 then 5000 on, is in order itself.
      await stored([...Array.from({ length: 2047 }, (_, i) => 10 + i), 5, ...Array.from({ length: 1000 }, (_, i) => 5000 + i)]);
      await expect(count("split")).rejects.toThrow("is not in user_key, event_seq order: user_key 5 comes again after the events of later users");
      // In order, the same events count without a complaint.
      await stored([5, ...Array.from({ length: 2047 }, (_, i) => 10 + i), ...Array.from({ length: 1000 }, (_, i) => 5000 + i)]);
      expect(await count("ordered")).toBeGreaterThan(1);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  it("refuses events that are not in user_key, event_seq order", () => {
    const events = { userKey: Int32Array.from([1, 1]), sessionKey: Int32Array.from([1, 1]), eventSeq: Int32Array.from([2, 1]), micros: Float64Array.from([0, 0]) };
    expect(() => funnelEvents(events)).toThrow("the events are not sorted by user_key, then event_seq (row 2)");
  });
});
