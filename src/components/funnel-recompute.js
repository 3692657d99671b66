// The funnels page's recomputation, with the code the build runs: each start's steps found and the
// attempts counted in JavaScript (funnel-chains.js), then in DuckDB-wasm the attempts' session and
// variant values, the step table, time to convert and the weekly trend for the reader's settings,
// and the list of who dropped after a step (funnel-sql.js). The page hands over how to open the
// database (its FileAttachments must stay in the page); nothing loads until the first recomputation.
import { attemptsFromCountedSql, breakdownProperties, chainsDependOnEntry, dropoffsFromAttemptsSql, stepsFromAttemptsSql, timeToConvertFromAttemptsSql, trendFromAttemptsSql } from "./funnel-sql.js";
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
 * @param {() => Promise<{query: (sql: string) => Promise<any>, events: any, insertTable: (name: string, columns: any) => Promise<void>}>} openEngine
 *   query: runs SQL (one or more statements; the last one's rows) in DuckDB-wasm, which has
 *   funnel_events, funnel_sessions and funnel_experiment_variants, on one connection kept open (a
 *   connection per query costs two more round trips to DuckDB's worker each); events: the same
 *   events for funnel-chains.js (eventsFromArrow); insertTable: writes countAttempts' rows to a table
 * @param {() => Promise<(x: number, s: number) => number>} loadGammainc the chi-square p-value's special function, loaded on a breakdown
 */
export function funnelRecomputer(openEngine, loadGammainc) {
  let opened = null;
  const engine = () => (opened ??= openEngine());
  // The chain finder loads with the database, not with the page's first view.
  const chainFinder = () => import("./funnel-chains.js");
  let tables = 0;
  // Each start's steps, kept in memory per funnel, order mode, window kind and what the chains
  // carry ({ready, chains: their promise}): a change of window, entry days or breakdown then only
  // counts the attempts from them again, and a second list of who dropped reuses its chains.
  const keptChains = new Map();
  /** The kept chains of `funnel` for `options`, found the first time they are asked for. */
  function chainsFor(funnel, options) {
    const entry = chainsDependOnEntry(funnel, options) ? [options.entryFrom, options.entryTo] : null;
    // The window's length does not change the chains (only whether it is the session).
    const shape = { ...funnel, window: funnel.window === "same session", windowSeconds: null };
    const key = JSON.stringify([shape, options.picks ?? [], options.withIds !== false, options.attribution ?? "first", options.counting ?? "best", entry]);
    // Kept as a promise: a change made while they are found waits for the same chains.
    if (!keptChains.has(key)) {
      const kept = { ready: false, chains: null };
      kept.chains = (async () => {
        const [{ events }, { findChains }] = await Promise.all([engine(), chainFinder()]);
        const chains = findChains(funnel, events, options);
        kept.ready = true;
        return chains;
      })();
      // A failure is not kept: the next change tries again.
      kept.chains.catch(() => keptChains.delete(key));
      keptChains.set(key, kept);
    }
    return keptChains.get(key);
  }

  /**
   * The rows of `then(attempts)` (SQL over a relation of the attempts, attemptsFromCountedSql's
   * rows), where the attempts are counted from the kept chains, written to a table of their own
   * and read as `attempts`; `prepare(attempts)`: statements run first, in the same round trip. The
   * counted table is dropped after it.
   */
  async function withAttempts(funnel, options, chains, then, prepare = () => "") {
    const [{ insertTable, query }, { countAttempts }] = await Promise.all([engine(), chainFinder()]);
    const counted = `page_counted_${++tables}`;
    await insertTable(counted, countAttempts(funnel, chains, options));
    const attempts = `(${attemptsFromCountedSql(funnel, counted, options)})`;
    try {
      return await query(`${prepare(attempts)}${then(attempts)}`);
    } finally {
      query(`drop table if exists ${counted}`).catch(() => {});
    }
  }

  /**
   * The funnel for `funnel` (the definition with the reader's window and order) and `options`
   * (funnel-sql.js options: breakdown, entry days, attribution, counting): {rows, times, weekly, test,
   * origin: "browser", ms (to the step rows), chainsMs (finding the chains, null when kept), problems}.
   * `built`: the build's step rows, compared when `isDefault`.
   */
  async function recompute(funnel, options, { built, isDefault }) {
    const { query } = await engine();
    const started = performance.now();
    // The chains carry every breakdown's values, so one set serves them all.
    const counts = { ...options, picks: breakdownProperties, withIds: false };
    const kept = chainsFor(funnel, counts);
    // Whether this recomputation waited for its chains (found now, or by an earlier call).
    const waited = !kept.ready;
    const chains = await kept.chains;
    const chainsMs = waited ? performance.now() - started : null;
    // The attempts once, in a table the steps, times to convert and weekly trend all read, and the
    // steps, in one round trip.
    const rows = plain(await withAttempts(funnel, counts, chains, () => stepsFromAttemptsSql(funnel, "page_attempts", options), (attempts) => `create or replace table page_attempts as select * from ${attempts};\n`));
    const ms = performance.now() - started;
    // Times and the trend for all units together, whatever the breakdown (as the build's).
    const all = "(select * replace ('(all)' as value) from page_attempts)";
    const times = plain(await query(timeToConvertFromAttemptsSql(funnel, all)));
    const weekly = plain(await query(trendFromAttemptsSql(funnel, all, options)));
    // The breakdown's chi-square test on these rows; the p-value's special function loads only now.
    const test = options.breakdown ? breakdownTest(rows, await loadGammainc()) : null;
    return { rows, times, weekly, test, origin: "browser", ms, chainsMs, problems: isDefault ? compareWithBuild(rows, built) : null };
  }

  /** Who dropped after `step` (up to 5,000): their last event in the window, their next event, device and channel. */
  async function dropped(funnel, options, step) {
    // With ids and drop-offs: each dropped attempt's last and next events, found as the attempts are counted.
    const listed = { ...options, breakdown: null, dropoffs: true };
    const chains = await chainsFor(funnel, listed).chains;
    return plain(await withAttempts(funnel, listed, chains, (attempts) => `select * exclude (value) from (${dropoffsFromAttemptsSql(funnel, attempts)}) where dropped_after_step = ${Number(step)} limit 5000`));
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
