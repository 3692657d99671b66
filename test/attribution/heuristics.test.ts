// The heuristic models of src/components/attribution-sql.js, run in a real DuckDB on journeys
// whose credits are worked out by hand below (one touch, repeated channels, Direct only, two
// touches, a touch outside the window), as the build and the page both run them.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { heuristicCreditsSql, heuristicModels } from "../../src/components/attribution-sql.js";

// journey_id, conversion_kind, conversions, revenue
const journeys: [number, string, number, number][] = [
  [1, "first", 1, 100], // one touch
  [2, "first", 1, 60], // repeated channel: Paid Search, Email, Paid Search
  [3, "repeat", 1, 40], // Direct only
  [4, "first", 1, 30], // two touches, the last Direct
  [5, "first", 0, 0], // did not convert: credits nobody
  [6, "repeat", 1, 10], // Display 40 days out (outside a 30-day window), then Email
];
// journey_id, touch_number, channel, days_before
const touches: [number, number, string, number][] = [
  [1, 1, "Email", 0],
  [2, 1, "Paid Search", 10], [2, 2, "Email", 3], [2, 3, "Paid Search", 0],
  [3, 1, "Direct", 5], [3, 2, "Direct", 1],
  [4, 1, "Organic Search", 2], [4, 2, "Direct", 0],
  [5, 1, "Referral", 0],
  [6, 1, "Display", 40], [6, 2, "Email", 0.5],
];

// Hand-worked weights per journey (channel -> share of that journey's conversion), window 30 days.
const decay = (days: number) => Math.pow(2, -days / 7);
const j2Decay = { ps: decay(10) + decay(0), email: decay(3) };
const j2DecayTotal = j2Decay.ps + j2Decay.email;
const expectedWeights: Record<string, Record<number, Record<string, number>>> = {
  first_touch: { 1: { Email: 1 }, 2: { "Paid Search": 1 }, 3: { Direct: 1 }, 4: { "Organic Search": 1 }, 6: { Email: 1 } },
  last_touch: { 1: { Email: 1 }, 2: { "Paid Search": 1 }, 3: { Direct: 1 }, 4: { Direct: 1 }, 6: { Email: 1 } },
  last_non_direct: { 1: { Email: 1 }, 2: { "Paid Search": 1 }, 3: { Direct: 1 }, 4: { "Organic Search": 1 }, 6: { Email: 1 } },
  linear: { 1: { Email: 1 }, 2: { "Paid Search": 2 / 3, Email: 1 / 3 }, 3: { Direct: 1 }, 4: { "Organic Search": 0.5, Direct: 0.5 }, 6: { Email: 1 } },
  time_decay: {
    1: { Email: 1 },
    2: { "Paid Search": j2Decay.ps / j2DecayTotal, Email: j2Decay.email / j2DecayTotal },
    3: { Direct: 1 },
    4: { "Organic Search": decay(2) / (decay(2) + 1), Direct: 1 / (decay(2) + 1) },
    6: { Email: 1 },
  },
  position_based: { 1: { Email: 1 }, 2: { "Paid Search": 0.8, Email: 0.2 }, 3: { Direct: 1 }, 4: { "Organic Search": 0.5, Direct: 0.5 }, 6: { Email: 1 } },
};

function expectedCredits(weights: Record<number, Record<string, number>>) {
  const out = new Map<string, { conversions: number; revenue: number }>();
  for (const [id, shares] of Object.entries(weights)) {
    const [, kind, conversions, revenue] = journeys.find((j) => j[0] === Number(id))!;
    for (const [channel, share] of Object.entries(shares)) {
      for (const k of [kind, "all"]) {
        const key = `${k}|${channel}`;
        const cell = out.get(key) ?? { conversions: 0, revenue: 0 };
        cell.conversions += share * conversions;
        cell.revenue += share * revenue;
        out.set(key, cell);
      }
    }
  }
  return out;
}

let instance: DuckDBInstance;
let connection: DuckDBConnection;
const shares = { first: 0.4, middle: 0.2, last: 0.4 };

beforeAll(async () => {
  ({ instance, connection } = await openDatabase());
  await connection.run("create table journeys (journey_id integer, conversion_kind varchar, conversions double, revenue double)");
  await connection.run(`insert into journeys values ${journeys.map((j) => `(${j[0]}, '${j[1]}', ${j[2]}, ${j[3]})`).join(", ")}`);
  await connection.run("create table touches (journey_id integer, touch_number integer, channel varchar, days_before double)");
  await connection.run(`insert into touches values ${touches.map((t) => `(${t[0]}, ${t[1]}, '${t[2]}', ${t[3]})`).join(", ")}`);
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

describe("heuristic models on hand-worked journeys (30-day window, half-life 7 days, 40/20/40)", () => {
  test.each(heuristicModels)("%s", async (model) => {
    const rows = await queryRows(connection, `select * from (${heuristicCreditsSql({ lookbackDays: 30, halfLifeDays: 7, shares })}) where model = '${model}'`);
    const expected = expectedCredits(expectedWeights[model]);
    const actual = new Map(rows.map((r) => [`${r.conversion_kind}|${r.channel}`, { conversions: Number(r.conversions), revenue: Number(r.revenue) }]));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, want] of expected) {
      expect(actual.get(key)!.conversions, key).toBeCloseTo(want.conversions, 8);
      expect(actual.get(key)!.revenue, key).toBeCloseTo(want.revenue, 5);
    }
    // Every model gives away exactly the conversions and revenue of the converting journeys.
    const all = rows.filter((r) => r.conversion_kind === "all");
    expect(all.reduce((s, r) => s + Number(r.conversions), 0)).toBeCloseTo(5, 9);
    expect(all.reduce((s, r) => s + Number(r.revenue), 0)).toBeCloseTo(240, 6);
  });

  test("a wider window brings the 40-day-old Display touch back into journey 6", async () => {
    const rows = await queryRows(connection, `select * from (${heuristicCreditsSql({ lookbackDays: 60, halfLifeDays: 7, shares })}) where conversion_kind = 'repeat' order by model, channel`);
    const credit = (model: string, channel: string) => Number(rows.find((r) => r.model === model && r.channel === channel)?.conversions ?? 0);
    expect(credit("first_touch", "Display")).toBe(1);
    expect(credit("linear", "Display")).toBeCloseTo(0.5, 8); // credits are rounded to 1e-9
    expect(credit("time_decay", "Display")).toBeCloseTo(decay(40) / (decay(40) + decay(0.5)), 8); // credits are rounded to 1e-9
    expect(credit("position_based", "Display")).toBeCloseTo(0.5, 8); // credits are rounded to 1e-9
  });

  test("position shares of 30/40/30 give two touches 50/50 and three touches 30/40/30", async () => {
    const rows = await queryRows(connection, `select * from (${heuristicCreditsSql({ lookbackDays: 30, halfLifeDays: 7, shares: { first: 0.3, middle: 0.4, last: 0.3 } })}) where model = 'position_based' and conversion_kind = 'first' order by channel`);
    const credit = (channel: string) => Number(rows.find((r) => r.channel === channel)?.conversions ?? 0);
    expect(credit("Email")).toBeCloseTo(1 + 0.4, 8); // credits are rounded to 1e-9 // journey 1 all, journey 2 the middle
    expect(credit("Paid Search")).toBeCloseTo(0.6, 8); // credits are rounded to 1e-9
    expect(credit("Organic Search")).toBeCloseTo(0.5, 8); // credits are rounded to 1e-9
  });

  test("bad settings are refused with the setting named", () => {
    expect(() => heuristicCreditsSql({ lookbackDays: 0, halfLifeDays: 7, shares })).toThrow(/lookbackDays/);
    expect(() => heuristicCreditsSql({ lookbackDays: 30, halfLifeDays: -1, shares })).toThrow(/halfLifeDays/);
    expect(() => heuristicCreditsSql({ lookbackDays: 30, halfLifeDays: 7, shares: { first: 0.5, middle: 0.2, last: 0.4 } })).toThrow(/add up to 1/);
  });
});

describe("the credits are summed exactly", () => {
  // 300,001 journeys of three touches (Email, Display, Email), each one conversion worth 1: the
  // linear credit to Display is 300,001 / 3 = 100,000.333333333 (to 1e-9) whatever order the rows
  // are added in. Added as doubles, the shares' rounding errors (1/3 is not a double) and the
  // additions' build up well past 1e-9 (and moved the ninth decimal between builds at 5M order lines).
  test("a third of 300,001 conversions is 100,000.333333333", async () => {
    const { instance: big, connection: db } = await openDatabase();
    try {
      const n = 300_001;
      await db.run(`create table journeys as select i as journey_id, 'first' as conversion_kind, 1.0::double as conversions, 1.0::double as revenue from range(${n}) t(i)`);
      await db.run(`create table touches as select i as journey_id, k as touch_number, case k when 2 then 'Display' else 'Email' end as channel, 0.0::double as days_before from range(${n}) t(i), range(1, 4) s(k)`);
      const rows = await queryRows(db, `select * from (${heuristicCreditsSql({ lookbackDays: 30, halfLifeDays: 7, shares })}) where model = 'linear' and conversion_kind = 'all'`);
      const credit = (channel: string) => rows.find((r) => r.channel === channel)!;
      expect(Number(credit("Display").conversions)).toBe(100000.333333333);
      expect(Number(credit("Display").revenue)).toBe(100000.333333);
      expect(Number(credit("Email").conversions)).toBe(200000.666666667);
    } finally {
      db.closeSync();
      big.closeSync();
    }
  });
});
