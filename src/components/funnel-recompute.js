// The funnels page's recomputation, with the code the build runs: each start's steps found in
// JavaScript (funnel-chains.js), then in DuckDB-wasm the counted attempts, the step table, time to
// convert and the weekly trend for the reader's settings, and the list of who dropped after a step
// (funnel-sql.js). The page hands over how to open the database (its FileAttachments must stay in
// the page); nothing loads until the first recomputation.
import { attemptsFromChainsSql, breakdownProperties, chainsDependOnEntry, dropoffsFromAttemptsSql, stepsFromAttemptsSql, timeToConvertFromAttemptsSql, trendFromAttemptsSql } from "./funnel-sql.js";
import { breakdownTest } from "./breakdown-test.js";
import { plainRows as plain } from "./lazy-database.js";


/** The browser's steps against the build's for the same settings: counts equal, rates within rounding. */
export function compareWithBuild(rows, built) {
  const key = (d) => `${d.value}|${d.step_index}`;
  const byKey = new Map(built.map((d) => [key(d), d]));
  const problems = [];
  if (rows.length !== built.length) problems.push(`${rows.length} rows in the browser, ${built.length} in the build`);
  for (const d of rows) {
    const b = byKey.get(key(d));
    if (!b) { problems.push(`${key(d)} missing from the build`); continue; }
    for (const c of ["entered", "converted", "dropped", "still_in_window", "rate_units", "rate_previous_units", "rate_first_units"]) if (Number(d[c]) !== Number(b[c])) problems.push(`${key(d)} ${c}: ${d[c]} vs ${b[c]}`);
    for (const c of ["conversion_from_previous", "conversion_from_first", "conversion_from_first_low", "conversion_from_first_high"]) if (Math.abs((d[c] ?? 0) - (b[c] ?? 0)) > 1e-12) problems.push(`${key(d)} ${c}: ${d[c]} vs ${b[c]}`);
  }
  return problems;
}

/**
 * @param {() => Promise<{db: any, events: any, insertChains: (name: string, chains: any) => Promise<void>}>} openEngine
 *   db: a DuckDBClient with funnel_events, funnel_sessions and funnel_experiment_variants; events: the
 *   same events for funnel-chains.js (eventsFromArrow); insertChains: writes findChains' rows to a table
 * @param {() => Promise<(x: number, s: number) => number>} loadGammainc the chi-square p-value's special function, loaded on a breakdown
 */
export function funnelRecomputer(openEngine, loadGammainc) {
  let opened = null;
  const engine = () => (opened ??= openEngine());
  let tables = 0;
  // Each start's steps, kept per funnel, order mode, window kind and what the chains carry ({ready,
  // table: the promise of its name}): a change of window, entry days or breakdown is then a scan of
  // them (attemptsFromChainsSql) in DuckDB, and a second list of who dropped reuses its chains.
  const keptChains = new Map();
  /** The kept chains of `funnel` for `options`, found in JavaScript and written to a table of the database the first time. */
  function chainsFor(funnel, options) {
    const entry = chainsDependOnEntry(funnel, options) ? [options.entryFrom, options.entryTo] : null;
    // The window's length does not change the chains (only whether it is the session).
    const shape = { ...funnel, window: funnel.window === "same session", windowSeconds: null };
    const key = JSON.stringify([shape, options.picks ?? [], options.withIds !== false, options.attribution ?? "first", options.counting ?? "best", entry]);
    // Kept as a promise: a change made while they are found waits for the same table.
    if (!keptChains.has(key)) {
      const kept = { ready: false, table: null };
      kept.table = (async () => {
        // The chain finder loads with the database, not with the page's first view.
        const [{ events, insertChains }, { findChains }] = await Promise.all([engine(), import("./funnel-chains.js")]);
        const table = `page_chains_${++tables}`;
        await insertChains(table, findChains(funnel, events, options));
        kept.ready = true;
        return table;
      })();
      // A failure is not kept: the next change tries again.
      kept.table.catch(() => keptChains.delete(key));
      keptChains.set(key, kept);
    }
    return keptChains.get(key);
  }

  /**
   * The funnel for `funnel` (the definition with the reader's window and order) and `options`
   * (funnel-sql.js options: breakdown, entry days, attribution, counting): {rows, times, weekly, test,
   * origin: "browser", ms (to the step rows), chainsMs (finding the chains, null when kept), problems}.
   * `built`: the build's step rows, compared when `isDefault`.
   */
  async function recompute(funnel, options, { built, isDefault }) {
    const { db } = await engine();
    const started = performance.now();
    // The chains carry every breakdown's values, so one table serves them all. Tables, not temporary
    // ones: each query of DuckDBClient runs on a connection of its own.
    const counts = { ...options, picks: breakdownProperties, withIds: false };
    const kept = chainsFor(funnel, counts);
    // Whether this recomputation waited for its chains (found now, or by an earlier call).
    const waited = !kept.ready;
    const chains = await kept.table;
    const chainsMs = waited ? performance.now() - started : null;
    // The counted attempts once, in a table the steps, times to convert and weekly trend all read.
    await db.query(`create or replace table page_attempts as ${attemptsFromChainsSql(funnel, chains, counts)}`);
    const rows = plain(await db.query(stepsFromAttemptsSql(funnel, "page_attempts", options)));
    const ms = performance.now() - started;
    // Times and the trend for all units together, whatever the breakdown (as the build's).
    const all = "(select * replace ('(all)' as value) from page_attempts)";
    const times = plain(await db.query(timeToConvertFromAttemptsSql(funnel, all)));
    const weekly = plain(await db.query(trendFromAttemptsSql(funnel, all, options)));
    // The breakdown's chi-square test on these rows; the p-value's special function loads only now.
    const test = options.breakdown ? breakdownTest(rows, await loadGammainc()) : null;
    return { rows, times, weekly, test, origin: "browser", ms, chainsMs, problems: isDefault ? compareWithBuild(rows, built) : null };
  }

  /** Who dropped after `step` (up to 5,000): their last event in the window, their next event, device and channel. */
  async function dropped(funnel, options, step) {
    const { db } = await engine();
    // With ids: the chains of this list carry each step's event_seq, which finds the last and next events.
    const listed = { ...options, breakdown: null };
    const chains = await chainsFor(funnel, listed).table;
    const attempts = `(${attemptsFromChainsSql(funnel, chains, listed)})`;
    return plain(await db.query(`select * exclude (value) from (${dropoffsFromAttemptsSql(funnel, attempts)}) where dropped_after_step = ${Number(step)} limit 5000`));
  }

  return { recompute, dropped };
}

/** The status line under the controls: where the figures come from and how long the browser took. */
export function funnelStatus(result) {
  if (result.origin === "build") return "Computed at build time.";
  if (result.origin === "loading") return "Recomputing in your browser…";
  if (result.origin === "error") return result.error;
  const chains = result.chainsMs !== null ? ` (${Math.round(result.chainsMs)} ms of it finding the steps of every start in this order mode, kept for the next change)` : "";
  const check = result.problems === null ? "" : result.problems.length === 0 ? `: all ${result.rows.length} step rows agree with the build` : `; differences from the build: ${result.problems.slice(0, 3).join("; ")}`;
  return `Recomputed in your browser in ${Math.round(result.ms)} ms${chains}, with the same code as the build${check}.`;
}
