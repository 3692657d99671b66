// The SQL of a funnel, one definition for the build (data-loaders/models/marts/funnel_*.ts) and
// the page (src/funnels/index.md), which recomputes it in DuckDB-wasm from the funnel_events mart.
// Plain ES module, no browser or Node globals. Each start's steps (the chains) are found, cut at
// the window and the counted attempts picked by funnel-chains.js, in JavaScript, by the build and
// the page alike; the SQL here reads the attempts' session and variant values
// (attemptsFromCountedSql) and counts them. chainsSql and countedFromChainsSql (and attemptsSql,
// stepsSql, ... on top of them) state the same in SQL: the build and the page no longer run them,
// the tests do, as the second method the JavaScript is checked against
// (test/funnels/funnel-chains.test.ts) and the form the hand-worked fixtures check rule by rule
// (test/funnels/funnel-sql.test.ts).
//
// Rules (stated on the page and tested in test/funnels/funnel-sql.test.ts):
// - Events of a unit (user, or session) are ordered by time; at equal timestamps an event that
//   matches an earlier funnel step comes first, then events matching no step, then in the event
//   order funnel_events.event_seq numbers (seeds/event_tie_order.csv, then name, page and session, the one
//   that began first: the order the journeys use). So events with the same timestamp may satisfy consecutive steps in
//   funnel order, and one event never satisfies two steps (each step takes an event strictly later
//   in that order).
// - An attempt starts at any event matching step 1 (inside the entry date range). Sequential:
//   each next step is the earliest matching event after the previous one (other events between
//   are allowed); strict: the next step must be the unit's very next event; any order: the
//   attempt counts how many distinct steps it matched from its first event on.
// - Window: step k counts when its time minus the attempt's first step time is <= the window
//   (the boundary is inclusive); "same session" keeps every step in the session of step 1.
// - Exclusion: an excluded event after step `after` and before step `before` ends the attempt
//   at the last step reached before it.
// - Hold constant: every step has the same value of that property as step 1.
// - Best attempt per unit: the furthest step, ties to the earliest start. Total attempts counts
//   every attempt instead.
// - Still in window: an attempt that did not finish and whose window is not closed by the last
//   event of the data (first step + window > data end; for same-session windows, the session's
//   last event + 30 minutes > data end). Shown apart and kept out of the rates unless asked.

/** Event properties a step filter, a breakdown or a hold-constant may name. */
export const eventProperties = ["page", "device_category", "channel", "source_medium", "country", "first_touch_channel"];
/** Those that are the session's (columns of funnel_sessions, joined by session_key); the others are columns of funnel_events. */
export const sessionProperties = ["channel", "source_medium", "country", "first_touch_channel"];
export const breakdownProperties = ["device_category", "channel", "source_medium", "country", "first_touch_channel"];
/**
 * A breakdown by the user's variant in one experiment, "experiment_variant:<experiment id>", read
 * from funnel_experiment_variants (kept assignments); "(none)" for a user not in that experiment.
 */
export const variantPrefix = "experiment_variant:";
export const isVariantBreakdown = (b) => typeof b === "string" && b.startsWith(variantPrefix) && b.length > variantPrefix.length;
export const orderModes = ["sequential", "strict", "any"];
export const units = ["users", "sessions"];
/** Bins of the time-to-convert histogram, in seconds: [lower, upper). */
export const timeBins = [
  { label: "< 10 s", lower: 0, upper: 10 },
  { label: "10 s–1 min", lower: 10, upper: 60 },
  { label: "1–5 min", lower: 60, upper: 300 },
  { label: "5–30 min", lower: 300, upper: 1800 },
  { label: "30 min–2 h", lower: 1800, upper: 7200 },
  { label: "2 h–1 day", lower: 7200, upper: 86400 },
  { label: "1–7 days", lower: 86400, upper: 604800 },
  { label: "≥ 7 days", lower: 604800, upper: null },
];
const SESSION_TIMEOUT_SECONDS = 1800;
/** Positions carry event_seq in their low 32 bits (see attemptsSql). */
const SEQ = 4294967296;
/**
 * An event's place in a unit's funnel order as one HUGEINT: time in microseconds, then the first
 * step it matches (4 bits), then event_seq (32 bits). Read back with shifts and masks (chainsSql).
 */
const positionSql = (time, step, seq) => `epoch_us(${time})::hugeint * ${2 ** 36} + ${step} * ${SEQ} + ${seq}`;

const quote = (value) => `'${String(value).replaceAll("'", "''")}'`;
const ident = (name) => `"${String(name).replaceAll('"', '""')}"`;

/** A step filter as SQL: a scalar is equality, a list is any of, a string ending in * a prefix. */
function matchSql(step) {
  const parts = [`event_name = ${quote(step.event)}`];
  for (const [property, wanted] of Object.entries(step.where ?? {})) {
    if (!eventProperties.includes(property)) throw new Error(`unknown property ${property}`);
    if (Array.isArray(wanted)) parts.push(`${ident(property)} in (${wanted.map(quote).join(", ")})`);
    else if (typeof wanted === "string" && wanted.endsWith("*")) parts.push(`starts_with(${ident(property)}, ${quote(wanted.slice(0, -1))})`);
    else parts.push(`${ident(property)} = ${quote(wanted)}`);
  }
  return `coalesce(${parts.join(" and ")}, false)`;
}

/**
 * The events with the session's properties when the funnel's filters or held properties name one
 * (a join by integer key), else the events alone.
 */
function eventsWith(source, sessions, properties) {
  if (!properties.some((p) => sessionProperties.includes(p))) return source;
  return `(select e.*, ${sessionProperties.map((p) => `s.${ident(p)}`).join(", ")} from ${source} as e left join ${sessions} as s on s.session_key = e.session_key)`;
}

/** Properties a step filter names. */
const filtered = (steps) => steps.flatMap((s) => Object.keys(s.where ?? {}));

/**
 * Options: {source: SQL relation with the funnel_events columns, sessions: SQL relation with the
 * funnel_sessions columns, breakdown: property or null, breakdowns: more properties (by_<property>),
 * picks: properties whose values the chains carry even when not asked for (the page's chains serve
 * every breakdown), attribution: "first" | "last" | step number, counting: "best" | "attempts",
 * entryFrom/entryTo: "YYYY-MM-DD" or null (entry day inclusive), dataEnd: SQL timestamp expression
 * or null (the last event of the source)}. The definition overrides come in `funnel` itself
 * (window, order, unit).
 *
 * The source needs funnel_events' integer keys user_key, session_key and event_seq (the user's
 * events in the one event order: time, seeds/event_tie_order.csv, name, page, session).
 *
 * Returns a query with one row per counted attempt: unit_id, user_key, session_key, user_id, session_id, reached,
 * last_seq (event_seq of the last step's event; null without ids),
 * at_1..at_n (step times, null past reached), value (breakdown value or '(all)'), still_in_window.
 *
 * It is three queries in one: chainsSql (each start's steps, found without the time window),
 * countedFromChainsSql (the window, the entry days, the best attempt) and attemptsFromCountedSql
 * (the breakdown values, still in window). The build and the page do the first two in JavaScript
 * (funnel-chains.js: findChains, countAttempts) and run attemptsFromCountedSql on the result; this
 * whole-SQL form is the tests' second method.
 */
export function attemptsSql(funnel, options = {}) {
  return attemptsFromChainsSql(funnel, `(${chainsSql(funnel, options)})`, options);
}

/** What a funnel and its options imply, checked: read by the chains and the count (funnel-chains.js) and the SQL here alike. */
export function funnelPlan(funnel, options) {
  const n = funnel.steps.length;
  const order = funnel.order ?? "sequential";
  if (!orderModes.includes(order)) throw new Error(`unknown order ${order}`);
  if (n < 2) throw new Error("a funnel has at least 2 steps");
  // Positions keep the first step an event matches (1 .. n + 1) in 4 bits.
  if (n > 14) throw new Error("a funnel has at most 14 steps");
  const exclusions = funnel.exclusions ?? [];
  if (order === "any" && exclusions.length) throw new Error("exclusions need a sequential or strict order");
  const sameSession = funnel.window === "same session";
  const windowSeconds = sameSession ? null : Number(funnel.windowSeconds);
  // Whole seconds: the chains are cut at the window in whole microseconds (countAttempts) as in SQL.
  if (!sameSession && !(windowSeconds > 0 && Number.isInteger(windowSeconds))) throw new Error("the window is a positive whole number of seconds");
  // Hold-constant values compared with "=": a missing value is its own value, "(none)". The
  // session is held by its integer key.
  const hold = (funnel.holdConstant ?? []).filter((h) => h !== "session").map((h) => {
    if (!eventProperties.includes(h)) throw new Error(`unknown hold-constant property ${h}`);
    return `coalesce(cast(${ident(h)} as varchar), '(none)')`;
  });
  if (sameSession || (funnel.holdConstant ?? []).includes("session")) hold.push("session_key");
  const breakdown = options.breakdown ?? null;
  // Every property asked for comes out as by_<property>; `value` is the one breakdown's (or '(all)').
  const byProps = [...new Set([...(options.breakdowns ?? []), ...(breakdown ? [breakdown] : [])])];
  for (const b of [...byProps, ...(options.picks ?? [])]) if (!eventProperties.includes(b) && !isVariantBreakdown(b)) throw new Error(`unknown breakdown ${b}`);
  // The breakdown values are read at the attribution step's event (and its session): its columns
  // are carried along each chain (pc_<column>_<step>) instead of looked up in the events again.
  const carried = [...new Set([...byProps, ...(options.picks ?? [])])].filter((p) => !isVariantBreakdown(p));
  const pickedEventProps = eventProperties.filter((p) => carried.includes(p) && !sessionProperties.includes(p));
  const pickedColumns = [...(carried.some((p) => sessionProperties.includes(p)) ? ["session_key"] : []), ...pickedEventProps];
  const attribution = options.attribution ?? "first";
  // Steps whose picked values a chain carries: step 1 when values are read there, else every step.
  const pickedSteps = pickedColumns.length === 0 ? 0 : attribution === "first" || order === "any" ? 1 : n;
  // Sequential without a time window (same session) and without exclusions: a unit's earliest start
  // (per held values) reaches at least as far as any later one, since each later start's next step
  // events are the same or later ones. So when only the best attempt counts, only that start is
  // followed: one aggregate instead of a chain per start. Its chains then depend on the entry days.
  const firstStartOnly = order === "sequential" && sameSession && !exclusions.length && (options.counting ?? "best") === "best";
  // The held values by name: properties, and whether the session is held.
  const heldProperties = (funnel.holdConstant ?? []).filter((h) => h !== "session");
  const holdsSession = hold.includes("session_key");
  return { n, order, exclusions, sameSession, windowSeconds, hold, heldProperties, holdsSession, breakdown, byProps, pickedColumns, pickedEventProps, pickedSteps, attribution, firstStartOnly,
    source: options.source ?? "funnel_events", sessions: options.sessions ?? "funnel_sessions", variants: options.variants ?? "funnel_experiment_variants",
    unitKey: funnel.unit === "sessions" ? "session_key" : "user_key",
    // Counts need no ids: options.withIds === false leaves them null and skips the lookups of the
    // events behind them (in any order, the last step's event_seq too).
    withIds: options.withIds !== false };
}

/**
 * The columns of a funnel's chains (chainsSql's rows), in order: the keys, the start (with ids
 * seq_1, its event_seq; start_place, at_1), then per step its time (with ids its event_seq; in any order nt_/nk_ from step 1) and the
 * picked values it carries (pc_<j>_<k>). chainsSql writes them; countedFromChainsSql reads the
 * ones it needs.
 */
export function chainColumnNames({ n, order, pickedColumns, pickedSteps, withIds }) {
  const picked = (k) => (k <= pickedSteps ? pickedColumns.map((_, j) => `pc_${j}_${k}`) : []);
  const steps = (from, f) => Array.from({ length: n - from + 1 }, (_, i) => f(from + i)).flat();
  return [
    "unit_key", "user_key", "session_key", ...(withIds ? ["seq_1"] : []), "start_place", "at_1", ...picked(1),
    ...(order === "any"
      ? steps(1, (j) => [`nt_${j}`, ...(withIds ? [`nk_${j}`] : [])])
      : steps(2, (k) => [`at_${k}`, ...(withIds ? [`seq_${k}`] : []), ...picked(k)])),
  ];
}

/** The entry days as a condition on `column` (the attempt's first step time), "" when none. */
function entryCondition(options, column) {
  return [
    options.entryFrom ? `${column} >= cast(${quote(options.entryFrom)} as timestamp)` : null,
    options.entryTo ? `${column} < cast(${quote(options.entryTo)} as date) + interval 1 day` : null,
  ].filter(Boolean).map((c) => ` and ${c}`).join("");
}

/**
 * Whether a funnel's chains depend on the entry days (so a page keeping chains keys them by the
 * days too): only when one start per unit is followed, the first inside the days.
 */
export function chainsDependOnEntry(funnel, options = {}) {
  return funnelPlan(funnel, options).firstStartOnly;
}

/**
 * Each attempt's steps without the time window: one row per start (an event matching step 1; in
 * any order, an event matching any step) with unit_key, user_key, session_key, with ids seq_1 (the
 * start's event_seq), start_place (the start's place among the unit's events the funnel
 * reads, in the funnel's order, from 1: what ties between attempts go by), at_1, and
 * - sequential and strict: at_2..at_n, the times of the steps the chain reached with no time limit
 *   (null from the first step it did not reach; they never decrease), with ids seq_2..seq_n their event_seq;
 * - any order: nt_1..nt_n, the time of the first event matching each step from the start on, and
 *   with ids nk_1..nk_n, that event's place in the unit's order (position * 2^32 + event_seq);
 * - pc_<j>_<k>: picked column j (breakdown values: the session key, event properties) at step k.
 * Cutting a chain at a time window gives that window's attempt: each step is found after the
 * previous one whatever the window (an exclusion too), and the steps' times never decrease, so the
 * steps inside the window are the chain's first ones. "Same session" holds the session's key
 * instead, so its chains are their own.
 */
export function chainsSql(funnel, options = {}) {
  const plan = funnelPlan(funnel, options);
  const { n, order, exclusions, sameSession, hold, pickedColumns, pickedEventProps, pickedSteps, firstStartOnly, source, sessions, unitKey, withIds } = plan;
  const stepMatch = funnel.steps.map(matchSql);
  const exclusionMatch = exclusions.map(matchSql);
  const firstStep = `case ${stepMatch.map((m, i) => `when ${m} then ${i + 1}`).join(" ")} else ${n + 1} end`;
  const holdSelect = hold.map((h, i) => `, ${h} as hold_${i}`).join("");
  const holdCarry = hold.map((_, i) => `, hold_${i}`).join("");
  const pickedCarry = (alias, suffix) => pickedColumns.map((c, j) => `, ${alias}${ident(c)} as pc_${j}_${suffix}`).join("");
  // Strict mode needs every event of the unit to know which one is next; the others only the
  // events that match a step or an exclusion.
  const relevant = order === "strict" ? "true" : [...stepMatch, ...exclusionMatch].join(" or ");
  const steps = (from, f) => Array.from({ length: n - from + 1 }, (_, i) => f(from + i));
  // The funnel's order of a unit's events: time, then the first step an event matches, then event_seq.
  const funnelOrder = "order by event_at, first_step, event_seq";
  const pickedOut = (k) => (k <= pickedSteps ? pickedColumns.map((_, j) => `, pc_${j}_${k}`).join("") : "");

  const ctes = [];
  ctes.push(`ev as (
    select ${unitKey} as unit_key, user_key, session_key, event_at, event_seq${holdSelect}${pickedEventProps.map((p) => `, ${ident(p)}`).join("")},
        ${firstStep} as first_step,
        row_number() over (partition by ${unitKey} order by event_at, ${firstStep}, event_seq)::integer as place,
        ${stepMatch.map((m, i) => `${m} as m_${i + 1}`).join(", ")}${exclusionMatch.map((m, i) => `, ${m} as x_${i + 1}`).join("")}
    from ${eventsWith(source, sessions, [...filtered([...funnel.steps, ...exclusions]), ...(funnel.holdConstant ?? [])])}
    where ${relevant}
)`);

  if (order === "any") {
    // From each event on, the first event matching each step (with the held values): one sorted
    // pass, each step a running minimum over the events that follow (its time; with ids, its
    // position * SEQ + event_seq too, for which the events are numbered first).
    const source1 = withIds ? "ranked" : "ev";
    if (withIds) ctes.push(`ranked as (
    select *, row_number() over (partition by unit_key ${funnelOrder}) as pos
    from ev
)`);
    ctes.push(`ahead as (
    select *, ${steps(1, (j) => `min(case when m_${j} then event_at end) over from_here as nt_${j}${withIds ? `, min(case when m_${j} then pos * ${SEQ} + event_seq end) over from_here as nk_${j}` : ""}`).join(", ")}
    from ${source1}
    window from_here as (partition by unit_key${holdCarry} ${withIds ? "order by pos" : funnelOrder} rows between current row and unbounded following)
)`);
    return `with ${ctes.join(",\n")}
select unit_key, user_key, session_key, ${withIds ? "event_seq as seq_1, " : ""}place as start_place, event_at as at_1${pickedCarry("", 1)},
    ${steps(1, (j) => `nt_${j}${withIds ? `, nk_${j}` : ""}`).join(", ")}
from ahead where first_step <= ${n}`;
  }
  if (order === "strict") {
    // Strict: step k is the (k - 1)th event after step 1 in the unit's order, read with lead() in
    // one sorted pass, no join. An exclusion between the steps can only be one of those events.
    const leads = steps(2, (k) => [
      `lead(m_${k}, ${k - 1}) over unit_order as m_${k}_ahead`,
      `lead(event_at, ${k - 1}) over unit_order as at_${k}_ahead`,
      `lead(event_seq, ${k - 1}) over unit_order as seq_${k}_ahead`,
      ...hold.map((_, i) => `lead(hold_${i}, ${k - 1}) over unit_order as hold_${i}_${k}_ahead`),
      ...(k <= pickedSteps ? pickedColumns.map((c, j) => `lead(${ident(c)}, ${k - 1}) over unit_order as pc_${j}_${k}`) : []),
      ...exclusions.map((x, i) => (x.after < k && k <= x.before ? `lead(x_${i + 1}, ${k - 1}) over unit_order as x_${i + 1}_${k}_ahead` : null)).filter(Boolean),
    ].join(", "));
    ctes.push(`ahead as (
    select *, ${leads.join(",\n        ")}
    from ev
    window unit_order as (partition by unit_key ${funnelOrder})
)`);
    const stepOk = (k) => [
      `coalesce(m_${k}_ahead, false)`,
      ...hold.map((_, i) => `hold_${i}_${k}_ahead = hold_${i}`),
      ...exclusions.map((x, i) => (x.after < k && k <= x.before ? `not coalesce(x_${i + 1}_${k}_ahead, false)` : null)).filter(Boolean),
    ].join(" and ");
    ctes.push(`linked as (
    select unit_key, user_key, session_key, event_seq as seq_1, place as start_place, event_at as at_1${pickedCarry("", 1)},
        ${steps(2, (k) => `coalesce(${stepOk(k)}, false) as ok_${k}`).join(", ")},
        ${steps(2, (k) => `at_${k}_ahead, seq_${k}_ahead${pickedOut(k)}`).join(", ")}
    from ahead where m_1
)`);
    const upTo = (k) => steps(2, (j) => (j <= k ? `ok_${j}` : null)).filter(Boolean).join(" and ");
    return `with ${ctes.join(",\n")}
select unit_key, user_key, session_key, ${withIds ? "seq_1, " : ""}start_place, at_1${pickedOut(1)},
    ${steps(2, (k) => `case when ${upTo(k)} then at_${k}_ahead end as at_${k}${withIds ? `, case when ${upTo(k)} then seq_${k}_ahead end as seq_${k}` : ""}${pickedOut(k)}`).join(",\n    ")}
from linked`;
  }
  // Sequential: for each step the first event after the previous step that matches it (with the
  // held values), found by the event's place in the funnel order ("position", below).
  // Positions order a unit's events as the funnel does, as one number: time in microseconds,
  // first step matched (4 bits), event_seq (32 bits). A HUGEINT; time, step and event_seq are
  // read back from it with shifts and masks, which also floor a time before 1970 correctly:
  // HUGEINT division is about 100 times slower (2M rows: 4.7 s against 50 ms of CPU).
  const placed = positionSql("event_at", "first_step", "event_seq");
  const fromPosition = (o, k) =>
    `, (${o} & ${SEQ - 1})::integer as seq_${k}, make_timestamp((${o} >> 36)::bigint) as at_${k}`;
  const chainColumns = chainColumnNames(plan).join(", ");
  if (firstStartOnly) {
    // Only the unit's first start is followed (see funnelPlan), so one aggregate per unit (and
    // held values) gathers what the chain needs: the first start's position and, per later step,
    // the positions of the events that match it; step k is then the least of step k's positions
    // after step k - 1's. Linear in a unit's events, with no join or sort of the events: an ASOF
    // join per step cost Session to cart 22.7 s of CPU at 5M order lines.
    // A step whose breakdown values may be picked gathers them beside the position ({p, c0, ...}).
    const entryWhere = entryCondition(options, "event_at");
    const withPicks = (k) => k <= pickedSteps;
    const positionOf = (k) => (k === 1 ? "o_1" : withPicks(k) ? `s_${k}.p` : `o_${k}`);
    const gathered = (k) =>
      withPicks(k)
        ? `list({p: pos${pickedColumns.map((c, j) => `, c${j}: ${ident(c)}`).join("")}}) filter (where m_${k})`
        : `list(pos) filter (where m_${k})`;
    const next = (k) =>
      withPicks(k)
        ? `list_sort(list_filter(l_${k}, x -> x.p > ${positionOf(k - 1)}))[1] as s_${k}`
        : `list_min(list_filter(l_${k}, x -> x > ${positionOf(k - 1)})) as o_${k}`;
    ctes.push(`c1 as (
    select unit_key${holdCarry}, min(user_key) as user_key, min(session_key) as session_key,
        min(pos) filter (where m_1${entryWhere}) as o_1, arg_min(place, pos) filter (where m_1${entryWhere}) as start_place${pickedColumns.map((c, j) => `, arg_min(${ident(c)}, pos) filter (where m_1${entryWhere}) as pc_${j}_1`).join("")},
        ${steps(2, (k) => `${gathered(k)} as l_${k}`).join(", ")}
    from (select *, ${placed} as pos from ev)
    group by unit_key${holdCarry}
    having o_1 is not null
)`);
    for (let k = 2; k <= n; k++) ctes.push(`c${k} as (select * exclude (l_${k}), ${next(k)} from c${k - 1})`);
    ctes.push(`a${n} as (
    select *${fromPosition("o_1", 1)}${steps(2, (k) => `${withPicks(k) ? pickedColumns.map((_, j) => `, s_${k}.c${j} as pc_${j}_${k}`).join("") : ""}${fromPosition(positionOf(k), k)}`).join("")}
    from c${n}
)`);
    return `with ${ctes.join(",\n")}
select ${chainColumns} from a${n}`;
  }
  // Every start is followed: an ASOF join per step on the positions. Numbering the events with
  // row_number() instead costs a sort that doubles the time in DuckDB-wasm. Each step's join
  // reads them: materialized, since DuckDB-wasm 1.29 would otherwise inline the CTE and filter
  // the events once per step (Purchase in the default store: 1,355 -> 808 ms CPU in duckdb-wasm).
  // Only the chains that reached the previous step probe a join; the others pass by with nulls
  // (UNION BY NAME fills the new columns). DuckDB's ASOF operator matched a probe whose `>` key is
  // NULL to the unit's first right row (a step found before the start; asof_loop_join_threshold = 0
  // shows it on the fixture in test/funnels/funnel-sql.test.ts). Most chains stop early, so each
  // step's join sorts fewer rows: Purchase's chains alone at 5M order lines took 11.6 s of CPU
  // before and 9.7-10.7 s after, but the whole int_funnel_attempts query showed no change beyond noise.
  const probing = (relation, key, name, joined) => `${name} as materialized (
    ${joined(`(select * from ${relation} where ${key} is not null)`)}
    union all by name
    select * from ${relation} where ${key} is null
)`;
  ctes.push(`ranked as materialized (
    select *, ${placed} as pos
    from ev
)`);
  ctes.push(`a1 as (
    select unit_key, user_key, session_key, pos as o_1, event_seq as seq_1, place as start_place, event_at as at_1${holdCarry}${pickedCarry("", 1)}
    from ranked where m_1
)`);
  let prev = "a1";
  for (let k = 2; k <= n; k++) {
    // The first excluded event after step k - 1, for exclusions that start there; step k and
    // the steps after it up to the exclusion's `before` must come before that event.
    exclusions.forEach((x, i) => {
      if (x.after !== k - 1) return;
      ctes.push(probing(prev, `o_${k - 1}`, `x${i + 1}_after`, (probes) => `select a.*, x.pos as xo_${i + 1}
    from ${probes} as a asof left join (select unit_key, pos from ranked where x_${i + 1}) as x
        on x.unit_key = a.unit_key and x.pos > a.o_${k - 1}`));
      prev = `x${i + 1}_after`;
    });
    const guards = exclusions
      .map((x, i) => ({ ...x, i: i + 1 }))
      .filter((x) => x.after < k && k <= x.before)
      .map((x) => ` and (a.xo_${x.i} is null or s.pos < a.xo_${x.i})`)
      .join("");
    const ok = `(s.pos is not null${guards})`;
    const carried = k <= pickedSteps ? pickedColumns : [];
    ctes.push(probing(prev, `o_${k - 1}`, `a${k}`, (probes) => `select a.*, case when ${ok} then s.pos end as o_${k}, case when ${ok} then s.event_seq end as seq_${k}, case when ${ok} then s.event_at end as at_${k}${carried.map((c, j) => `, case when ${ok} then s.${ident(c)} end as pc_${j}_${k}`).join("")}
    from ${probes} as a asof left join (select unit_key, pos, event_seq, event_at${holdCarry}${carried.map((c) => `, ${ident(c)}`).join("")} from ranked where m_${k}) as s
        on s.unit_key = a.unit_key${hold.map((_, i) => ` and s.hold_${i} = a.hold_${i}`).join("")} and s.pos > a.o_${k - 1}`));
    prev = `a${k}`;
  }
  return `with ${ctes.join(",\n")}
select ${chainColumns} from ${prev}`;
}

/**
 * What the counted attempts of a funnel read from its chains, for countedFromChainsSql and
 * funnel-chains.js's countAttempts alike: the plan, which keys they carry (the others are left out
 * of the counted rows and come back null from attemptsFromCountedSql),
 * which picked columns (pc_<j>_<k>) a breakdown reads (as pick_<j>), and whether every attempt in
 * the window counts or each unit's best one.
 */
export function countedPlan(funnel, options = {}) {
  const plan = funnelPlan(funnel, options);
  const { withIds, sameSession, byProps, pickedColumns, firstStartOnly, hold } = plan;
  const needsPickedSession = pickedColumns.includes("session_key") && byProps.some((p) => sessionProperties.includes(p));
  // The picked columns a breakdown reads.
  const picksRead = pickedColumns.map((c, j) => (byProps.includes(c) || (c === "session_key" && needsPickedSession) ? j : null)).filter((j) => j !== null);
  // The keys the counted attempts carry (counts alone, without ids, need none unless a breakdown or
  // the same-session window reads them).
  const keys = {
    user_key: withIds || byProps.some(isVariantBreakdown),
    session_key: withIds || sameSession || byProps.some((p) => sessionProperties.includes(p)),
  };
  // A session unit whose only held value is its session, followed from its first start, has one
  // attempt already: nothing to choose.
  const oneAttemptPerUnit = firstStartOnly && funnel.unit === "sessions" && hold.length === 1;
  const everyAttempt = (options.counting ?? "best") === "attempts" || oneAttemptPerUnit;
  return { plan, needsPickedSession, picksRead, keys, everyAttempt };
}

/**
 * The counted attempts before their text and session values are read: one row per counted attempt
 * with unit_key, user_key and session_key (when countedPlan says they are carried), reached,
 * last_seq (with ids), pick_<j> (the picked values the breakdowns read, at the attribution step) and
 * at_1..at_n. From chains (chainsSql's rows, for the same funnel and order, window kind and
 * picks): each chain cut at the funnel's window, starts outside the entry days left out, each
 * unit's best attempt kept (or every attempt). The build and the page count them in JavaScript
 * instead (funnel-chains.js, countAttempts); this is the tests' second method.
 */
export function countedFromChainsSql(funnel, chains, options = {}) {
  const { plan, picksRead, keys, everyAttempt } = countedPlan(funnel, options);
  const { n, order, sameSession, windowSeconds, attribution, withIds } = plan;
  const steps = (from, f) => Array.from({ length: n - from + 1 }, (_, i) => f(from + i));
  const entryWhere = entryCondition(options, "at_1");
  const inWindow = (t) => (sameSession ? `${t} is not null` : `${t} <= at_1 + to_seconds(${windowSeconds})`);
  // How far each chain gets inside the window: the steps found there (any order), or the chain's
  // steps inside it, which are its first ones (chainsSql).
  const reached = order === "any"
    ? steps(1, (j) => `coalesce(${inWindow(`nt_${j}`)}, false)::int`).join(" + ")
    : `1 + ${steps(2, (k) => `coalesce(${inWindow(`at_${k}`)}, false)::int`).join(" + ")}`;
  // start_place only orders a unit's attempts (bestKey), which reads it from the chains themselves.
  const reads = { ...keys, start_place: false };
  const chainColumns = chainColumnNames(plan).filter((c) => {
    if (c === "unit_key") return false; // the group key, selected apart
    if (c in reads) return reads[c];
    const pick = /^pc_(\d+)_\d+$/.exec(c);
    return pick ? picksRead.includes(Number(pick[1])) : true;
  });
  // Only the keys the counted attempts carry (the others would be columns of nulls to write).
  const keyColumns = Object.keys(keys).filter((c) => keys[c]).map((c) => `${c}, `).join("");
  // A unit's best attempt: the furthest step, ties to the earliest start (its place in the unit's
  // funnel order: time, first step matched, event_seq), as one BIGINT so that one aggregate per unit
  // picks it (arg_max), not a sort of every attempt: reached above 2^32, the start's place below.
  const bestKey = `reached::bigint * ${2 ** 32} - start_place`;
  const counted = everyAttempt
    ? "windowed"
    : `(select unit_key, ${[...chainColumns, "reached"].map((c) => `arg_max_null(${c}, best_key) as ${c}`).join(", ")}
    from (select *, ${bestKey} as best_key from windowed) group by unit_key)`;
  const windowed = `windowed as (select *, ${reached} as reached from ${chains} where true${entryWhere})`;
  if (order === "any") {
    // The steps found inside the window, in time order: the attempt's steps.
    const found = (f) => `list_filter([${steps(1, (j) => `case when ${inWindow(`nt_${j}`)} then ${f(j)} end`).join(", ")}], x -> x is not null)`;
    return `with ${windowed}
select unit_key, ${keyColumns}reached${withIds ? `, (list_max(${found((j) => `nk_${j}`)}) % ${SEQ})::integer as last_seq` : ""}${picksRead.map((j) => `, pc_${j}_1 as pick_${j}`).join("")},
    ${steps(1, (j) => `list_sort(${found((i) => `nt_${i}`)})[${j}] as at_${j}`).join(", ")}
from ${counted}`;
  }
  return `with ${windowed}
select unit_key, ${keyColumns}reached${withIds ? `, ${pickedStepSql("last", n, "reached", (k) => `seq_${k}`)} as last_seq` : ""}${picksRead.map((j) => `, ${pickedStepSql(attribution, n, "reached", (k) => `pc_${j}_${k}`)} as pick_${j}`).join("")},
    at_1, ${steps(2, (k) => `case when reached >= ${k} then at_${k} end as at_${k}`).join(", ")}
from ${counted}`;
}

/**
 * The counted attempts (attemptsSql's rows) from chains (chainsSql's rows): countedFromChainsSql,
 * then attemptsFromCountedSql. The tests' SQL form of what the build and the page do.
 */
export function attemptsFromChainsSql(funnel, chains, options = {}) {
  return attemptsFromCountedSql(funnel, `(${countedFromChainsSql(funnel, chains, options)})`, options);
}

/**
 * The counted attempts (attemptsSql's rows) from countedFromChainsSql's rows (a relation, as
 * countAttempts writes them): whether each attempt's window is still open at the end of the data,
 * the text ids and the breakdown values read from the sessions and the experiment variants.
 */
export function attemptsFromCountedSql(funnel, counted, options = {}) {
  const { plan, needsPickedSession, keys } = countedPlan(funnel, options);
  const { n, order, sameSession, windowSeconds, breakdown, byProps, pickedColumns, attribution, source, sessions, variants, withIds } = plan;
  const dataEnd = options.dataEnd ?? `(select max(event_at) from ${source})`;
  const open = sameSession
    ? `(counted.reached < ${n} and unit_session.session_ended_at + to_seconds(${SESSION_TIMEOUT_SECONDS}) > (select data_end from bounds))`
    : `(counted.reached < ${n} and counted.at_1 + to_seconds(${windowSeconds}) > (select data_end from bounds))`;
  // Text columns come back only now, for the counted attempts: ids from step 1's session, breakdown
  // values from the attribution step's event (and its session). options.textIds === false leaves the
  // text ids null but keeps last_seq (the build's marts join on the integer keys).
  const textIds = withIds && options.textIds !== false;
  const unitId = !textIds ? "cast(null as varchar)" : funnel.unit === "sessions" ? `unit_session.user_id || ' / ' || unit_session.session_id` : `unit_session.user_id`;
  const idColumn = (c) => (textIds ? `unit_session.${c}` : `cast(null as varchar) as ${c}`);
  // A key the counted attempts do not carry is null.
  const key = (c) => (keys[c] ? `counted.${c}` : `cast(null as integer) as ${c}`);
  const variantBreakdowns = byProps.filter(isVariantBreakdown);
  // Attributed to the first step, the breakdown's session is step 1's, the attempt's own session:
  // one join of the sessions serves both.
  const pickedIsUnitSession = needsPickedSession && (order === "any" || attribution === "first");
  const pickedSession = pickedIsUnitSession ? "unit_session" : "picked_session";
  // As text, or as the type options.valueTypes gives the property (the build's ENUMs, "(none)" among their values).
  const valueType = (p) => options.valueTypes?.[p] ?? "varchar";
  const pickedValue = (p) =>
    isVariantBreakdown(p)
      ? `coalesce(variant_${variantBreakdowns.indexOf(p)}.variant, '(none)')`
      : `coalesce(cast(${sessionProperties.includes(p) ? `${pickedSession}.${ident(p)}` : `counted.pick_${pickedColumns.indexOf(p)}`} as ${valueType(p)}), cast('(none)' as ${valueType(p)}))`;
  return `with bounds as (select ${dataEnd} as data_end)
select ${unitId} as unit_id, ${key("user_key")}, ${key("session_key")}, ${idColumn("user_id")}, ${idColumn("session_id")}, counted.reached, ${withIds ? "counted.last_seq" : "cast(null as integer) as last_seq"},
    ${Array.from({ length: n }, (_, i) => `counted.at_${i + 1}`).join(", ")},
    ${breakdown ? pickedValue(breakdown) : `'(all)'`} as value${byProps.map((b) => `, ${pickedValue(b)} as ${ident(`by_${b}`)}`).join("")},
    ${open} as still_in_window${options.dropoffs === "events" ? ", counted.last_event, counted.next_event" : options.dropoffs ? ", counted.last_event, counted.last_event_at, counted.next_event, counted.next_event_at" : ""}
from ${counted} as counted${textIds || sameSession || pickedIsUnitSession ? `
left join ${sessions} as unit_session on unit_session.session_key = counted.session_key` : ""}${needsPickedSession && !pickedIsUnitSession ? `
left join ${sessions} as picked_session on picked_session.session_key = counted.pick_0` : ""}${variantBreakdowns.map((b, i) => `
left join ${variants} as variant_${i} on ${variantJoin(`variant_${i}`, "counted", b)}`).join("")}`;
}

/**
 * The join condition of a unit's variant in the experiment a variant breakdown names: only for an
 * attempt that began at or after the user's assignment. A returning user's attempts from before
 * they were assigned saw no variant, so they are "(none)", as are users never assigned.
 */
const variantJoin = (alias, unit, breakdown) => `${alias}.user_key = ${unit}.user_key and ${alias}.experiment_id = ${quote(breakdown.slice(variantPrefix.length))} and ${unit}.at_1 >= ${alias}.assigned_at`;

/** Attempts (attemptsSql's columns) with by_<breakdown>, the user's variant in that breakdown's experiment. */
export function withVariantSql(attempts, breakdown, variants = "funnel_experiment_variants") {
  if (!isVariantBreakdown(breakdown)) throw new Error(`${breakdown} is not an experiment variant breakdown`);
  return `(select attempts.*, coalesce(v.variant, '(none)') as ${ident(`by_${breakdown}`)} from ${attempts} as attempts left join ${variants} as v on ${variantJoin("v", "attempts", breakdown)})`;
}

/**
 * A value of the event a unit's breakdown value is read at, from the values carried for each step
 * (`valueOf(k)`; `reached`: the steps the attempt reached): step 1 ("first"), the last step reached
 * ("last"), or step N (the last reached one when the attempt stopped before N). Used for the
 * event's event_seq and for each property carried along.
 */
function pickedStepSql(attribution = "first", n, reached, valueOf) {
  if (attribution === "first") return valueOf(1);
  const upto = attribution === "last" ? n : Number(attribution);
  if (!(upto >= 1 && upto <= n)) throw new Error(`attribution step ${attribution} is not a step of the funnel`);
  return `case least(${reached}, ${upto}) ${Array.from({ length: upto }, (_, i) => `when ${i + 1} then ${valueOf(i + 1)}`).join(" ")} end`;
}

/**
 * Per value and step: entered (attempts that reached the step), converted (reached the next; for
 * the last step, everyone who reached it), still_in_window (unfinished, window open, stopped
 * here), dropped (the rest), and the rates over units whose window closed (or all units when
 * includeOpen) with 95% Wilson intervals.
 */
export function stepsSql(funnel, options = {}) {
  return stepsFromAttemptsSql(funnel, `(${attemptsSql(funnel, { ...options, withIds: false })})`, options);
}

/** stepsSql over attempts already computed (a relation with attemptsSql's columns); `value` names the breakdown column. */
export function stepsFromAttemptsSql(funnel, attempts, { includeOpen = false, value = "value" } = {}) {
  const n = funnel.steps.length;
  const base = includeOpen ? "true" : "not still_in_window";
  const names = funnel.steps.map((s, i) => `(${i + 1}, ${quote(stepLabel(s))})`).join(", ");
  return `with attempts as (select * exclude (value), ${ident(value)} as value from ${attempts}),
step_names(step_index, step_name) as (values ${names}),
-- Attempts counted per value, step reached and window state first: the step table is then a join of
-- a few rows per value, not of every attempt with every step.
grouped as (select value, reached, still_in_window, count(*) as units from attempts group by all),
counts as (
    select grouped.value, step_names.step_index, step_names.step_name,
        ${[
          ["entered", "reached >= step_index"],
          ["converted", `reached >= least(step_index + 1, ${n})`],
          ["still_in_window", "still_in_window and reached = step_index"],
          ["rate_units", `${base} and reached >= step_index`],
          ["rate_previous_units", `${base} and reached >= greatest(step_index - 1, 1)`],
          ["rate_first_units", base],
        ].map(([name, condition]) => `coalesce(sum(units) filter (where ${condition}), 0)::bigint as ${name}`).join(",\n        ")}
    from grouped cross join step_names
    group by all
),
final as (
    select value, step_index, step_name, entered, converted, entered - converted - still_in_window as dropped, still_in_window,
        rate_units, rate_previous_units, rate_first_units,
        case when rate_previous_units > 0 then rate_units / rate_previous_units end as conversion_from_previous,
        wilson_low(rate_units, rate_previous_units) as conversion_from_previous_low,
        wilson_high(rate_units, rate_previous_units) as conversion_from_previous_high,
        case when rate_first_units > 0 then rate_units / rate_first_units end as conversion_from_first,
        wilson_low(rate_units, rate_first_units) as conversion_from_first_low,
        wilson_high(rate_units, rate_first_units) as conversion_from_first_high
    from counts
)
select * from final order by value, step_index`;
}

/** Median, p90 (linear interpolation between order statistics) and histogram of the time from the previous step, per step from 2 on. */
export function timeToConvertSql(funnel, options = {}) {
  return timeToConvertFromAttemptsSql(funnel, `(${attemptsSql(funnel, options)})`);
}

export function timeToConvertFromAttemptsSql(funnel, attempts) {
  const n = funnel.steps.length;
  const bins = timeBins.map((b, i) => `count(*) filter (where seconds >= ${b.lower}${b.upper === null ? "" : ` and seconds < ${b.upper}`}) as bin_${i + 1}`).join(", ");
  return `with attempts as (select * from ${attempts}),
gaps as (
    ${Array.from({ length: n - 1 }, (_, i) => `select value, ${i + 2} as step_index, epoch(at_${i + 2}) - epoch(at_${i + 1}) as seconds, epoch(at_${i + 2}) - epoch(at_1) as seconds_from_first
    from attempts where at_${i + 2} is not null`).join("\n    union all\n    ")}
)
select value, step_index, count(*) as units,
    quantile_cont(seconds, 0.5) as median_seconds, quantile_cont(seconds, 0.9) as p90_seconds,
    quantile_cont(seconds_from_first, 0.5) as median_seconds_from_first, ${bins}
from gaps group by all order by value, step_index`;
}

/** Conversion (first to last step) by ISO week of entry, Monday first, with Wilson bounds. */
export function trendSql(funnel, options = {}) {
  return trendFromAttemptsSql(funnel, `(${attemptsSql(funnel, options)})`, options);
}

export function trendFromAttemptsSql(funnel, attempts, { includeOpen = false } = {}) {
  const n = funnel.steps.length;
  const base = includeOpen ? "true" : "not still_in_window";
  return `with attempts as (select * from ${attempts}),
weekly as (
    select value, cast(date_trunc('week', at_1) as date) as entry_week,
        count(*) as entered, count(*) filter (where still_in_window) as still_in_window,
        count(*) filter (where ${base}) as rate_units, count(*) filter (where ${base} and reached = ${n}) as completed
    from attempts group by all
)
select value, entry_week, entered, still_in_window, rate_units, completed,
    case when rate_units > 0 then completed / rate_units end as conversion,
    wilson_low(completed, rate_units) as conversion_low,
    wilson_high(completed, rate_units) as conversion_high
from weekly order by value, entry_week`;
}

/**
 * Who dropped after each step (window closed, did not reach the next step): the step's time,
 * their last event inside the attempt's window (for same-session windows: in that session), the
 * next event they did after the step's event (the user's next event in event order, event_seq + 1;
 * for a session funnel only if it is in that session), and the device and channel of the step's
 * event. All in SQL, the rules' form that the tests hold the build's and the page's against.
 */
export function dropoffsSql(funnel, options = {}) {
  return dropoffsLookedUpSql(funnel, `(${attemptsSql(funnel, options)})`, options.source ?? "funnel_events", options.sessions ?? "funnel_sessions");
}

/** The dropped attempts among `attempts` (attemptsSql's columns): window closed, last step not reached. */
const droppedWhere = (funnel) => `reached < ${funnel.steps.length} and not still_in_window`;

/** The time of the last step a dropped attempt reached. */
const stepAtSql = (funnel) => `case reached ${Array.from({ length: funnel.steps.length - 1 }, (_, i) => `when ${i + 1} then at_${i + 1}`).join(" ")} end`;

/**
 * dropoffsSql's rows from attempts counted with their drop-offs (attemptsFromCountedSql with
 * options.dropoffs: last_event, last_event_at, next_event, next_event_at found by countAttempts in
 * funnel-chains.js), as the funnels page lists who dropped: the step event's device and the
 * sessions' ids and channel joined by key.
 */
export function dropoffsFromAttemptsSql(funnel, attempts, source = "funnel_events", sessions = "funnel_sessions") {
  return `select unit_session.user_id, unit_session.session_id, d.value, d.reached as dropped_after_step, ${stepAtSql(funnel)} as step_at,
    d.last_event, d.last_event_at, d.next_event, d.next_event_at, e.device_category, step_session.channel
from (select * from ${attempts} where ${droppedWhere(funnel)}) as d
left join ${source} as e on e.user_key = d.user_key and e.event_seq = d.last_seq
left join ${sessions} as unit_session on unit_session.session_key = d.session_key
left join ${sessions} as step_session on step_session.session_key = e.session_key
order by dropped_after_step, unit_session.user_id, unit_session.session_id, step_at`;
}

/** dropoffsSql's rows, each drop's last and next events looked up in SQL (dropoffLookupsSql) over attempts with last_seq. */
export function dropoffsLookedUpSql(funnel, attempts, source = "funnel_events", sessions = "funnel_sessions") {
  const dropped = `(select d.*, e.session_key as step_session_key, e.device_category
    from (${droppedSql(funnel, attempts, `, value, ${stepAtSql(funnel)} as step_at`)}) as d
    left join ${source} as e on e.user_key = d.user_key and e.event_seq = d.last_seq)`;
  return `${dropoffLookupsSql(dropped, source, [funnel])}
select unit_session.user_id, unit_session.session_id, d.value, d.dropped_after_step, d.step_at, d.last_event, d.last_event_at, d.next_event, d.next_event_at, d.device_category, step_session.channel
from looked_up as d
left join ${sessions} as unit_session on unit_session.session_key = d.session_key
left join ${sessions} as step_session on step_session.session_key = d.step_session_key
order by d.dropped_after_step, unit_session.user_id, unit_session.session_id, d.step_at`;
}

/**
 * Units dropped per funnel, step, last event and next event (the funnel_dropoffs mart) for several
 * funnels at once: `parts` is [{funnel, name, attempts}], attempts counted with their drop-offs
 * (dropoffsFromAttemptsSql).
 */
export function dropoffCountsSql(parts) {
  const dropped = parts.map((p) => `select ${quote(p.name)} as funnel, reached as dropped_after_step, last_event, next_event from ${p.attempts} where ${droppedWhere(p.funnel)}`).join("\nunion all\n");
  return `select funnel, dropped_after_step, last_event, next_event, count(*) as units from (${dropped}) group by all order by all`;
}

/** dropoffCountsSql with the drops' last and next events looked up in SQL (dropoffLookupsSql), all funnels' together: the tests' second method. */
export function dropoffCountsLookedUpSql(parts, source = "funnel_events") {
  const dropped = parts.map((p) => `select ${quote(p.name)} as funnel, * from (${droppedSql(p.funnel, p.attempts)})`).join("\nunion all\n");
  return `${dropoffLookupsSql(`(${dropped})`, source, parts.map((p) => p.funnel))}
select funnel, dropped_after_step, last_event, next_event, count(*) as units from looked_up group by all order by all`;
}

/**
 * One funnel's dropped units (window closed, next step not reached) with what finding their last
 * and next events needs: the end of the attempt's window, the session the next event must be in
 * (a session funnel's) and the session the last event must be in (a session funnel's, or step 1's
 * for a same-session window, which holds every step in step 1's session).
 */
function droppedSql(funnel, attempts, extraColumns = "") {
  const n = funnel.steps.length;
  // A same-session window has no end in time: null, and its last event is its session's last.
  const windowEnd = funnel.window === "same session" ? "cast(null as timestamp)" : `at_1 + to_seconds(${Number(funnel.windowSeconds)})`;
  const sessionUnit = funnel.unit === "sessions";
  return `select user_key, session_key, reached as dropped_after_step, ${windowEnd} as window_end, last_seq,
        ${sessionUnit ? "session_key" : "cast(null as integer)"} as next_session,
        ${lastInSession(funnel) ? "session_key" : "cast(null as integer)"} as last_session${extraColumns}
    from ${attempts} where ${droppedWhere(funnel)}`;
}

/** Whether a funnel's last event of a drop is looked for in one session (a session unit's, or a same-session window's). */
const lastInSession = (funnel) => funnel.unit === "sessions" || funnel.window === "same session";

/**
 * The last and next events of dropped units (droppedSql's columns and any others), as a CTE chain
 * ending in looked_up.
 *
 * The last event up to the window's end is the user's (or session's) event with the highest
 * event_seq at or before it (event_seq follows time and breaks ties of equal timestamps, so it is
 * the same event every run); it is never before the step's own event, which is inside the window.
 * It is found with an ASOF join on the event's place in time as one number (time in microseconds,
 * then event_seq), so that of events at the same time the last one is taken: a hash join on the
 * user with a range condition would pair every drop with every event of the user, which grows with
 * the square of a heavy user's events.
 */
function dropoffLookupsSql(dropped, source, funnels) {
  const place = (t, seq) => `epoch_us(${t})::hugeint * ${SEQ} + ${seq}`;
  // Three kinds of window, each with its own lookup, only those the funnels need (each ASOF join
  // sorts the events it reads):
  // - per user up to a time: when the user's last event is inside the window (at 5M order lines,
  //   93% of Purchase's drops and 55% of Strict checkout's), that event, from one aggregate per
  //   user; the others by an ASOF join over the events of their users only;
  // - per session up to a time (a session unit with a time window): an ASOF join;
  // - a whole session (a same-session window, window_end null): the session's last event, from one
  //   aggregate over the events of the sessions asked for.
  // Each dropped row goes down exactly one of them, carrying all its columns, so nothing has to be
  // joined back to the drops afterwards (at 5M order lines that join and the distinct windows it
  // needed cost 1.7 s of CPU out of 8.9).
  const perUser = funnels.some((f) => !lastInSession(f));
  const perSessionInTime = funnels.some((f) => lastInSession(f) && f.window !== "same session");
  const wholeSession = funnels.some((f) => f.window === "same session");
  // The last event (highest event_seq, which follows time) of each user or session in `keys`: one aggregate, no sort.
  const lastEvents = (key, keys) => `select ${key}, arg_max(event_name, event_seq) as last_event, max(event_at) as last_event_at
    from ${source} where ${key} in ${keys} group by ${key}`;
  const ctes = [];
  const lastSeen = [];
  const asof = (units, events, bySession) => `select d.*, e.event_name as last_event, e.event_at as last_event_at
    from ${units} as d
    asof left join ${events} as e on e.user_key = d.user_key${bySession ? " and e.session_key = d.last_session" : ""} and e.place <= ${place("d.window_end", SEQ - 1)}`;
  if (perUser) {
    ctes.push(`user_last as (${lastEvents("user_key", "(select user_key from dropped where last_session is null)")})`);
    // Every dropped unit has an event (its step's), so each finds its user's last one.
    ctes.push(`user_dropped as (
    select d.*, u.last_event as user_last_event, u.last_event_at as user_last_at
    from dropped as d inner join user_last as u on u.user_key = d.user_key
    where d.last_session is null
)`);
    lastSeen.push(`select * exclude (user_last_event, user_last_at), user_last_event as last_event, user_last_at as last_event_at
    from user_dropped where user_last_at <= window_end`);
    lastSeen.push(
      asof(
        "(select * exclude (user_last_event, user_last_at) from user_dropped where user_last_at > window_end)",
        "(select * from placed where user_key in (select user_key from user_dropped where user_last_at > window_end))",
        false,
      ),
    );
  }
  if (perSessionInTime) lastSeen.push(asof("(select * from dropped where last_session is not null and window_end is not null)", "placed", true));
  if (wholeSession) {
    lastSeen.push(`select d.*, e.last_event, e.last_event_at
    from (select * from dropped where last_session is not null and window_end is null) as d
    left join (${lastEvents("session_key", "(select last_session from dropped where window_end is null)")}) as e on e.session_key = d.last_session`);
  }
  return `with dropped as materialized (select * from ${dropped}),
placed as (select user_key, session_key, event_name, event_at, ${place("event_at", "event_seq")} as place from ${source}),${ctes.map((c) => `\n${c},`).join("")}
last_seen as (
    ${lastSeen.join("\n    union all\n    ")}
),
looked_up as (
    select w.*,
        case when w.next_session is null or e.session_key = w.next_session then e.event_name end as next_event,
        case when w.next_session is null or e.session_key = w.next_session then e.event_at end as next_event_at
    from last_seen as w
    left join ${source} as e on e.user_key = w.user_key and e.event_seq = w.last_seq + 1
)`;
}

export function stepLabel(step) {
  const filters = Object.entries(step.where ?? {}).map(([k, v]) => `${k} ${Array.isArray(v) ? `in ${v.join(", ")}` : `= ${v}`}`);
  return filters.length ? `${step.event} (${filters.join(", ")})` : step.event;
}
