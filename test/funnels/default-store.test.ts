// The funnel on the default store (its marts built here, in a cache of the test's own), checked two ways:
// 1. A plain TypeScript reference (loops over the event rows, no SQL) gives the same per-step counts
//    as the shared SQL, for every shipped funnel in every order mode, and the same as the mart.
// 2. The step probabilities the generator planted (ground_truth.json behaviour.funnel) are
//    recovered by the funnel on sessions without a purchase.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { defaultConfigPath, projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { runPipeline } from "../../data-loaders/pipeline/run.ts";
import { tempProject } from "../helpers/temp-project.ts";
import { openPageEngine, plainWasmRows } from "../helpers/page-engine.ts";
import { readFunnelDefinitions, type FunnelDefinition } from "../../data-loaders/lib/funnels/definitions.ts";
import { wilsonInterval } from "../../data-loaders/lib/stats/proportions.ts";
import { attemptsFromCountedSql, attemptsSql, breakdownProperties, chainsDependOnEntry, dropoffsFromAttemptsSql, stepsFromAttemptsSql, stepsSql, type FunnelSpec } from "../../src/components/funnel-sql.js";
import { productionCounted, rows } from "./helpers.ts";
import { columnsToArrow, countAttempts, eventsFromArrow, findChains } from "../../src/components/funnel-chains.js";

// A cache of the test's own: the project's .cache may be stale or built by another process.
const config = { ...loadConfig({ configPath: defaultConfigPath, env: {} }), cacheDir: join(tempProject().root, ".cache") };
const marts = join(config.cacheDir, "marts");
const groundTruth = join(config.generate!.outDir, "ground_truth.json");

interface EventRow {
  user_id: string;
  session_id: string;
  t: number;
  event_name: string;
  page: string | null;
  device_category: string | null;
}

/** The reference: per unit, every attempt walked event by event; the best one kept (or every one, counting "attempts"). */
function referenceSteps(events: EventRow[], funnel: FunnelSpec, counting: "best" | "attempts" = "best"): { entered: number[]; stillInWindow: number[]; converted: number[] } {
  const n = funnel.steps.length;
  const matches = (e: EventRow, k: number) => {
    const step = funnel.steps[k];
    if (e.event_name !== step.event) return false;
    return Object.entries(step.where ?? {}).every(([p, v]) => {
      const value = (e as unknown as Record<string, unknown>)[p];
      return Array.isArray(v) ? v.includes(String(value)) : v.endsWith("*") ? String(value ?? "").startsWith(v.slice(0, -1)) : value === v;
    });
  };
  const firstStep = (e: EventRow) => {
    for (let k = 0; k < n; k++) if (matches(e, k)) return k;
    return n;
  };
  const dataEnd = events.reduce((m, e) => Math.max(m, e.t), -Infinity);
  const sameSession = funnel.window === "same session";
  const units = new Map<string, EventRow[]>();
  for (const e of events) {
    const key = funnel.unit === "sessions" ? `${e.user_id} / ${e.session_id}` : e.user_id;
    if (!units.has(key)) units.set(key, []);
    units.get(key)!.push(e);
  }
  const sessionEnd = new Map<string, number>();
  for (const e of events) sessionEnd.set(`${e.user_id}|${e.session_id}`, Math.max(sessionEnd.get(`${e.user_id}|${e.session_id}`) ?? -Infinity, e.t));
  // Same-time events left tied by name and page follow the session that began first, then the session id.
  const sessionStart = new Map<string, number>();
  for (const e of events) sessionStart.set(`${e.user_id}|${e.session_id}`, Math.min(sessionStart.get(`${e.user_id}|${e.session_id}`) ?? Infinity, e.t));
  const bySession = (a: EventRow, b: EventRow) => sessionStart.get(`${a.user_id}|${a.session_id}`)! - sessionStart.get(`${b.user_id}|${b.session_id}`)! || cmp(a.session_id, b.session_id);
  const entered = new Array(n).fill(0);
  const stillInWindow = new Array(n).fill(0);
  for (const list of units.values()) {
    const sorted = list
      .map((e) => ({ e, f: firstStep(e) }))
      .sort((a, b) => a.e.t - b.e.t || a.f - b.f || tieRank(a.e.event_name) - tieRank(b.e.event_name) || cmp(a.e.event_name, b.e.event_name) || cmp(a.e.page ?? "", b.e.page ?? "") || bySession(a.e, b.e));
    let best = 0;
    let bestStart = -1;
    const counted: { reached: number; start: EventRow }[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const start = sorted[i].e;
      if (funnel.order === "any" ? sorted[i].f === n : !matches(start, 0)) continue;
      const inWindow = (e: EventRow) => (sameSession ? e.session_id === start.session_id : e.t - start.t <= funnel.windowSeconds!);
      let reached: number;
      if (funnel.order === "any") {
        const done = new Set<number>();
        for (let j = i; j < sorted.length && (sameSession || sorted[j].e.t - start.t <= funnel.windowSeconds!); j++) {
          if (!inWindow(sorted[j].e)) continue;
          for (let k = 0; k < n; k++) if (matches(sorted[j].e, k)) done.add(k);
        }
        reached = done.size;
      } else {
        reached = 1;
        let j = i + 1;
        while (reached < n && j < sorted.length) {
          const e = sorted[j].e;
          if (!sameSession && e.t - start.t > funnel.windowSeconds!) break;
          if (funnel.order === "strict") {
            if (inWindow(e) && matches(e, reached)) reached++;
            else break;
          } else if (inWindow(e) && matches(e, reached)) reached++;
          j++;
        }
      }
      if (counting === "attempts") counted.push({ reached, start });
      if (reached > best) {
        best = reached;
        bestStart = i;
      }
    }
    if (best === 0) continue;
    if (counting === "best") counted.push({ reached: best, start: sorted[bestStart].e });
    for (const { reached, start } of counted) {
      const open = reached < n && (sameSession ? sessionEnd.get(`${start.user_id}|${start.session_id}`)! + 1800 > dataEnd : start.t + funnel.windowSeconds! > dataEnd);
      for (let k = 0; k < reached; k++) entered[k]++;
      if (open) stillInWindow[reached - 1]++;
    }
  }
  const converted = entered.map((_, k) => (k + 1 < n ? entered[k + 1] : entered[k]));
  return { entered, stillInWindow, converted };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// The one event order (journeys and funnels): same-time events by seeds/event_tie_order.csv, read here
// as plain text (event_name,tie_order,note; 50 when not listed), then by name.
const tieOrder = new Map(readFileSync(join(projectRoot, "seeds", "event_tie_order.csv"), "utf8").trim().split("\n").slice(1)
  .map((line) => line.split(",")).map(([name, order]) => [name.trim(), Number(order)]));
const tieRank = (name: string) => tieOrder.get(name) ?? 50;

let db: DuckDBConnection;
let events: EventRow[];
let funnels: FunnelDefinition[];

beforeAll(async () => {
  const summary = await runPipeline({ config, select: ["funnel_events", "funnel_sessions", "funnel_steps", "funnel_dropoffs"], log: () => {} });
  if (summary.failed || !existsSync(join(marts, "funnel_events.parquet"))) throw new Error("the funnel marts did not build on the default store");
  db = (await openDatabase()).connection;
  await db.run(`create table funnel_events as select * from '${join(marts, "funnel_events.parquet")}'`);
  await db.run(`create table funnel_sessions as select * from '${join(marts, "funnel_sessions.parquet")}'`);
  await db.run(`create table funnel_experiment_variants as select * from '${join(marts, "funnel_experiment_variants.parquet")}'`);
  events = (await rows(db, `select s.user_id, s.session_id, epoch(e.event_at) as t, e.event_name, e.page, e.device_category
    from funnel_events as e inner join funnel_sessions as s using (session_key)`)) as unknown as EventRow[];
  funnels = readFunnelDefinitions();
}, 300_000);

describe("reference implementation on the default store", () => {
  it("equals the funnel_steps mart for every shipped funnel", async () => {
    const mart = await rows(db, `select funnel, step_index, entered, converted, still_in_window from '${join(marts, "funnel_steps.parquet")}' where breakdown = '(all)' order by all`);
    for (const f of funnels) {
      const ref = referenceSteps(events, f);
      const got = mart.filter((r) => r.funnel === f.name);
      expect(got.map((r) => r.entered), f.name).toEqual(ref.entered);
      expect(got.map((r) => r.converted), f.name).toEqual(ref.converted);
      expect(got.map((r) => r.still_in_window), f.name).toEqual(ref.stillInWindow);
      // Sequential funnels never grow from one step to the next.
      for (let k = 1; k < ref.entered.length; k++) expect(ref.entered[k]).toBeLessThanOrEqual(ref.entered[k - 1]);
    }
  }, 300_000);

  for (const order of ["sequential", "strict", "any"] as const) {
    it(`equals the shared SQL in ${order} order for every shipped funnel`, async () => {
      for (const f of funnels) {
        const funnel = { ...f, order };
        const ref = referenceSteps(events, funnel);
        const sql = await rows(db, stepsSql(funnel, { source: "funnel_events" }));
        expect(sql.map((r) => r.entered), `${f.name} ${order}`).toEqual(ref.entered);
        expect(sql.map((r) => r.still_in_window), `${f.name} ${order}`).toEqual(ref.stillInWindow);
      }
    }, 300_000);
  }

  // Every attempt, not only each unit's best: a wrong step in a chain that loses to a better
  // attempt shows here (DuckDB's ASOF operator once gave 1,823 of Purchase's chains a step 3 from
  // before their start).
  it("equals the shared SQL counting every attempt, for every shipped funnel", async () => {
    for (const f of funnels) {
      const ref = referenceSteps(events, f, "attempts");
      const sql = await rows(db, stepsSql(f, { source: "funnel_events", counting: "attempts" }));
      expect(sql.map((r) => r.entered), f.name).toEqual(ref.entered);
      expect(sql.map((r) => r.still_in_window), f.name).toEqual(ref.stillInWindow);
    }
  }, 300_000);
});

// funnel_sessions numbers a session as the sessions of the users before it plus its session_number
// (models/marts/funnel_sessions.ts); the keys must be those one window over all sessions gives.
describe("funnel_sessions' keys", () => {
  it("number users in user id order and each user's sessions in the order they began, from 1 without gaps", async () => {
    const [check] = await rows(db, `select count(*) as sessions, count(distinct user_key) as users,
        count(*) filter (where session_key <> by_window or user_key <> user_by_window) as wrong
      from (select f.session_key, f.user_key, row_number() over (order by f.user_id, s.started_at, f.session_id) as by_window, dense_rank() over (order by f.user_id) as user_by_window
        from funnel_sessions as f inner join (select session_key, min(event_at) as started_at from funnel_events group by all) as s using (session_key))`);
    // Users with several sessions, so a session's key depends on the users before it.
    expect(Number(check.users)).toBeLessThan(Number(check.sessions));
    expect(Number(check.wrong)).toBe(0);
  });
});

// The page keeps the chains of each funnel, order mode and window kind (found in JavaScript once,
// funnel-chains.js, with every breakdown's values carried) and answers a change of window, entry days
// or breakdown by counting the attempts from them again. Checked against the reference and against
// the rules' SQL form (attemptsSql, whose chainsSql and countedFromChainsSql the build and page no
// longer run: a second method).
describe("the page's chains, cut at another window, entry days or breakdown", () => {
  const windows = [{ window: "30 minutes", windowSeconds: 1800 }, { window: "1 day", windowSeconds: 86400 }, { window: "same session", windowSeconds: null }];
  for (const order of ["sequential", "strict", "any"] as const) {
    it(`equal the reference and the direct SQL in ${order} order, every shipped funnel and window`, async () => {
      const [{ variant }] = await rows(db, "select min('experiment_variant:' || experiment_id) as variant from funnel_experiment_variants");
      // Six weeks two months into the data.
      const [{ from, to }] = await rows(db, "select strftime(min(event_at) + interval 60 day, '%Y-%m-%d') as from, strftime(min(event_at) + interval 101 day, '%Y-%m-%d') as to from funnel_events");
      for (const f of funnels) {
        for (const w of windows) {
          const funnel = { ...f, ...w, order, exclusions: order === "any" ? [] : f.exclusions };
          const page = { picks: breakdownProperties, withIds: false, attribution: f.attribution, counting: f.counting };
          const label = `${f.name} ${order} ${w.window}`;
          await productionCounted(db, "page_counted", funnel, page);
          // Counts from the kept chains against the reference walking the events.
          const ref = referenceSteps(events, funnel);
          const steps = await rows(db, stepsFromAttemptsSql(funnel, `(${attemptsFromCountedSql(funnel, "page_counted", page)})`));
          expect(steps.map((r) => r.entered), label).toEqual(ref.entered);
          expect(steps.map((r) => r.converted), label).toEqual(ref.converted);
          expect(steps.map((r) => r.still_in_window), label).toEqual(ref.stillInWindow);
          // Entry days and breakdowns: every counted attempt as the direct SQL counts it.
          // Each window with two of the breakdowns, the second with the entry days (the direct SQL is the slow part).
          const breakdowns = [null, "device_category", "channel", variant as string];
          const b = 2 * windows.indexOf(w);
          for (const [entryFrom, entryTo, breakdown] of [[null, null, breakdowns[b % 4]], [from as string, to as string, breakdowns[(b + 1) % 4]]]) {
            {
              const options = { ...page, entryFrom, entryTo, breakdown };
              // The chains kept for the page's first view, unless they depend on the entry days (funnel-recompute.js).
              await productionCounted(db, "page_counted", funnel, options, entryFrom && chainsDependOnEntry(funnel, page) ? { ...page, entryFrom, entryTo } : page);
              const columns = `user_key, session_key, reached, ${funnel.steps.map((_, i) => `at_${i + 1}`).join(", ")}, value, still_in_window`;
              const kept = `select ${columns} from (${attemptsFromCountedSql(funnel, "page_counted", options)})`;
              const direct = `select ${columns} from (${attemptsSql(funnel, options)})`;
              const [diff] = await rows(db, `select (select count(*) from (${kept} except all ${direct})) + (select count(*) from (${direct} except all ${kept})) as n, (select count(*) from (${direct})) as total`);
              expect(Number(diff.n), `${label} ${entryFrom} ${breakdown}`).toBe(0);
              expect(Number(diff.total), `${label} ${entryFrom} ${breakdown}`).toBeGreaterThan(0);
            }
          }
        }
      }
    }, 300_000);
  }
});

describe("funnel_dropoffs", () => {
  it("counts, per funnel and step, exactly the units funnel_steps reports as dropped", async () => {
    const pairs = await rows(db, `select s.funnel, s.step_index, s.dropped, coalesce(d.units, 0) as units
      from '${join(marts, "funnel_steps.parquet")}' as s
      left join (select funnel, dropped_after_step, sum(units) as units from '${join(marts, "funnel_dropoffs.parquet")}' group by all) as d
        on d.funnel = s.funnel and d.dropped_after_step = s.step_index
      where s.breakdown = '(all)' order by all`);
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) expect(p.units, `${p.funnel} step ${p.step_index}`).toBe(p.dropped);
  });
});

describe("the generator's planted step rates, recovered", () => {
  it("view_item, add_to_cart and begin_checkout rates of sessions without a purchase, per device and per channel", async () => {
    const truth = JSON.parse(readFileSync(groundTruth, "utf8")).behaviour.funnel as Record<string, Record<string, number>>;
    const stepNames = ["view_item", "add_to_cart", "begin_checkout"];
    // Browse sessions (no purchase), broken down by device and channel together (carried in the
    // device_category column of this derived source), through the shared funnel SQL.
    const source = `(select e.* exclude (device_category), e.device_category || '|' || s.channel as device_category
      from funnel_events as e inner join funnel_sessions as s using (session_key)
      where e.session_key not in (select session_key from funnel_events where event_name = 'purchase'))`;
    const funnel: FunnelSpec = {
      steps: [{ event: "session_start" }, ...stepNames.map((event) => ({ event }))],
      window: "same session", windowSeconds: null, order: "sequential", unit: "sessions",
    };
    const cells = await rows(db, stepsSql(funnel, { source, breakdown: "device_category", includeOpen: true }));
    const planted = (step: string, device: string, channel: string) => Math.min(0.95, truth[step][device] * Number(truth.channel_quality[channel as never]));
    let tested = 0;
    const misses: string[] = [];
    for (const by of ["device", "channel"] as const) {
      const groups = new Map<string, { x: number; n: number; expected: number }[]>();
      for (const c of cells) {
        if (Number(c.step_index) < 2) continue;
        const [device, channel] = String(c.value).split("|");
        if (!(device in truth.view_item) || !(channel in truth.channel_quality)) continue;
        const key = `${stepNames[Number(c.step_index) - 2]} ${by === "device" ? device : channel}`;
        if (!groups.has(key)) groups.set(key, []);
        const n = Number(c.rate_previous_units);
        groups.get(key)!.push({ x: Number(c.rate_units), n, expected: n * planted(stepNames[Number(c.step_index) - 2], device, channel) });
      }
      for (const [key, parts] of groups) {
        const x = parts.reduce((s, p) => s + p.x, 0);
        const n = parts.reduce((s, p) => s + p.n, 0);
        // Pooled over the other property, the planted rate is the mean of the cells' rates weighted by their sessions.
        const expected = parts.reduce((s, p) => s + p.expected, 0) / n;
        const [low, high] = wilsonInterval(x, n);
        tested++;
        if (!(expected >= low && expected <= high)) misses.push(`${key}: ${x}/${n} = ${(x / n).toFixed(4)}, planted ${expected.toFixed(4)}, interval [${low.toFixed(4)}, ${high.toFixed(4)}]`);
      }
    }
    // 3 steps x (3 devices + 9 channels) = 36 pooled cells; at 95% about 1.8 misses are expected
    // by chance, and 5 or more would happen with probability ~3%: at most 4 pass.
    expect(tested).toBe(36);
    expect(misses.length, misses.join("\n")).toBeLessThanOrEqual(4);
  }, 300_000);
});

// The page's engine is DuckDB-wasm 1.29 (DuckDB 1.1), not the pipeline's: the same SQL may be planned
// and run differently there (a lead() window over a join once lost Strict checkout's third steps in
// the browser only). The page's chains and counted attempts by channel, for every shipped funnel and
// order mode, and each funnel's list of who dropped, from the published marts loaded as the page
// loads them, must equal native DuckDB's.
describe("in DuckDB-wasm, the page's engine", () => {
  it("the page's chains, counted attempts and drop-off lists equal native DuckDB's, every shipped funnel (and order mode)", async () => {
    const Arrow = await import("apache-arrow");
    const hyparquet = await import("hyparquet");
    const { decompress } = await import("fzstd");
    const { parquetToArrow } = await import("../../src/components/parquet-to-arrow.js");
    const page = await openPageEngine();
    const decoded: Record<string, unknown> = {};
    try {
      for (const table of ["funnel_events", "funnel_sessions", "funnel_experiment_variants"]) {
        const bytes = readFileSync(join(marts, `${table}.parquet`));
        const arrow = await parquetToArrow(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), { hyparquet, Arrow, decompressZstd: decompress });
        page.insertArrowFromIPCStream(Arrow.tableToIPC(arrow, "stream"), { name: table, create: true });
        decoded[table] = arrow;
      }
      const pageEvents = eventsFromArrow(decoded.funnel_events, decoded.funnel_sessions);
      // A query's rows in the browser's engine and in native DuckDB (rows(), like plainWasmRows, gives
      // BIGINT counts as numbers): more than one row, and equal.
      const sameInBoth = async (sql: string, label: string) => {
        const inBrowser = plainWasmRows(page.query(sql));
        expect(inBrowser.length, label).toBeGreaterThan(1);
        expect(inBrowser, label).toEqual(await rows(db, sql));
      };
      // Per breakdown value and step reached: units, and sums of keys and step times (exact integers, as text).
      const summary = (n: number) => `select value, reached, count(*) as units, sum(user_key)::varchar as users, sum(session_key)::varchar as sessions,
        ${Array.from({ length: n }, (_, i) => `coalesce(sum(epoch_ms(at_${i + 1})), 0)::varchar as t_${i + 1}`).join(", ")}
        from page_attempts group by all order by all`;
      for (const f of funnels) {
        for (const order of ["sequential", "strict", "any"] as const) {
          const funnel = { ...f, order, exclusions: order === "any" ? [] : f.exclusions };
          const options = { picks: breakdownProperties, withIds: false, attribution: f.attribution, counting: f.counting, breakdown: "channel" };
          const label = `${f.name} ${order}`;
          // The page's chains (JavaScript over the events it decoded from Parquet) into the page's engine,
          // the build's (the same code over native DuckDB's rows) into native DuckDB.
          page.insertArrowFromIPCStream(Arrow.tableToIPC(columnsToArrow(countAttempts(funnel, findChains(funnel, pageEvents, options), options), Arrow) as never, "stream"), { name: "page_counted", create: true });
          await productionCounted(db, "page_counted", funnel, options);
          const attempts = `create or replace table page_attempts as ${attemptsFromCountedSql(funnel, "page_counted", options)}`;
          page.query(attempts);
          await db.run(attempts);
          page.query("drop table page_counted");
          await sameInBoth(summary(funnel.steps.length), label);
        }
        // Who dropped (the list a click on a drop-off computes), counted by step, last and next event.
        // Its chains carry each step's event_seq (with ids), and each drop its last and next events, found as the page finds them.
        const listed = { attribution: f.attribution, counting: f.counting, dropoffs: true };
        page.insertArrowFromIPCStream(Arrow.tableToIPC(columnsToArrow(countAttempts(f, findChains(f, pageEvents, listed), listed), Arrow) as never, "stream"), { name: "page_counted", create: true });
        await productionCounted(db, "page_counted", f, listed);
        const dropped = `select dropped_after_step, last_event, next_event, count(*) as units, sum(epoch_ms(step_at))::varchar as step_times
          from (${dropoffsFromAttemptsSql(f, `(${attemptsFromCountedSql(f, "page_counted", listed)})`)}) group by all order by all`;
        await sameInBoth(dropped, `${f.name} drop-offs`);
        page.query("drop table page_counted");
      }
    } finally {
      page.close();
    }
  }, 300_000);
});
