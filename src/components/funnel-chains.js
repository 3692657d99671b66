// Each start's steps of a funnel (its "chains"), found in JavaScript over the events as typed
// arrays: one definition for the build (data-loaders/models/intermediate/int_funnel_attempts.ts)
// and the page (funnel-recompute.js), which both cut the chains at the window and pick each unit's
// best attempt here too (countAttempts), then read the attempts' session and variant values with the
// same SQL (funnel-sql.js, attemptsFromCountedSql). Plain ES module, no browser or Node globals.
//
// Why not SQL: finding the chains is a walk along each unit's events in order, which DuckDB-wasm
// (the page's engine) does with sorts, windows and joins in 0.2-1.1 s on the default store, and a
// loop over typed arrays in tens of milliseconds (docs/funnels-performance.md). The rules are
// funnel-sql.js's (its header); what the rows hold is chainsSql's contract, stated at
// `findChains` below. test/funnels/funnel-chains.test.ts checks them against the SQL form of the
// same rules, which the tests keep as a second method.
import { chainColumnNames, countedPlan, eventProperties, funnelPlan, sessionProperties } from "./funnel-sql.js";

/**
 * Scratch arrays reused from call to call (`name`: which one, at least `size` long, contents left
 * over): in this virtual machine the first writes to fresh memory cost more than the work done
 * in it (page faults; a fresh 28 MB took 25-80 ms to fill, a used one 4 ms). The functions here
 * run to completion without awaiting, so no two calls share one.
 */
const scratchArrays = new Map();
function scratch(name, size) {
  let array = scratchArrays.get(name);
  if (!array || array.length < size) scratchArrays.set(name, (array = new Int32Array(Math.ceil(size * 1.25))));
  return array.subarray(0, size);
}

/**
 * Arrays for results that are used up before the next call (the build appends each batch's counted
 * attempts to DuckDB, then counts the next batch): `take` hands out the same memory again, zeroed,
 * instead of fresh memory, whose first writes cost more than the work (scratch, above). Without an
 * arena every result has arrays of its own, as a caller that keeps results (the page) needs.
 * `shared`: the arrays are in shared memory, so a worker thread's results reach the main thread
 * without a copy (the build's counting thread, data-loaders/lib/funnels/counting-worker.js).
 */
export function outputArena({ shared = false } = {}) {
  const arrays = new Map();
  const make = (ArrayType, length) => (shared ? new ArrayType(new SharedArrayBuffer(length * ArrayType.BYTES_PER_ELEMENT)) : new ArrayType(length));
  return {
    take(name, ArrayType, size) {
      let array = arrays.get(name);
      if (!array || array.length < size || !(array instanceof ArrayType)) arrays.set(name, (array = make(ArrayType, Math.ceil(size * 1.25))));
      return array.subarray(0, size).fill(ArrayType === BigInt64Array ? 0n : 0);
    },
  };
}
const fresh = { take: (_, ArrayType, size) => new ArrayType(size) };

/** Positions of the any-order chains (nk_) carry event_seq in their low 32 bits. */
const SEQ = 4294967296n;
const DAY_MICROS = 86_400_000_000;

/**
 * The events chains are found in, checked. `events`: {userKey, sessionKey, eventSeq: Int32Array,
 * micros: Float64Array (event_at in microseconds since 1970, whole numbers), and per event the
 * dictionary columns ({codes: Int32Array, -1 for null, values}) event_name, page, device_category}, sorted by user_key, then
 * event_seq (funnel_events' order: a user's events in time order). `sessions`: {sessionKey:
 * Int32Array, and per session the dictionary columns channel, source_medium, country,
 * first_touch_channel}; only funnels that name a session property read them. `lookup`: instead of
 * `sessions`, their sessionLookup, made once for events read in batches (the build's).
 */
export function funnelEvents(events, sessions = null, lookup = sessions && sessionLookup(sessions)) {
  const { length } = events.userKey;
  for (const name of ["sessionKey", "eventSeq", "micros"]) if (events[name].length !== length) throw new Error(`events.${name} has ${events[name].length} values, events.userKey ${length}`);
  for (let i = 1; i < length; i++) {
    const u = events.userKey[i - 1];
    if (u > events.userKey[i] || (u === events.userKey[i] && events.eventSeq[i - 1] >= events.eventSeq[i])) {
      throw new Error(`the events are not sorted by user_key, then event_seq (row ${i + 1})`);
    }
  }
  return { ...events, length, bySession: lookup };
}

/**
 * Whether finding a funnel's chains reads a session property (in a step's or an exclusion's filter,
 * or held constant): only then does funnelEvents need the sessions. Breakdown values of a session
 * are read in SQL (attemptsFromCountedSql), not here.
 */
export function readsSessionProperties(funnel) {
  return [...filteredProperties(funnel), ...(funnel.holdConstant ?? [])].some((p) => sessionProperties.includes(p));
}

/** The properties a funnel's step and exclusion filters name (eventMasks reads them). */
const filteredProperties = (funnel) => [...funnel.steps, ...(funnel.exclusions ?? [])].flatMap((f) => Object.keys(f.where ?? {}));

/**
 * The event properties (not the session's) that finding and counting a funnel's chains with
 * `options` reads: in a step's or an exclusion's filter, held constant, or picked for a breakdown.
 * The events may come without the others (the build reads only these; event_name always).
 */
export function eventPropertiesRead(funnel, options = {}) {
  const { heldProperties, pickedEventProps } = funnelPlan(funnel, options);
  const filtered = filteredProperties(funnel);
  return eventProperties.filter((p) => !sessionProperties.includes(p) && (filtered.includes(p) || heldProperties.includes(p) || pickedEventProps.includes(p)));
}

/** The sessions' properties by session key (funnelEvents' `sessions`): an array lookup per event instead of a join. */
export function sessionLookup(sessions) {
  let largest = -1;
  for (const k of sessions.sessionKey) if (k > largest) largest = k;
  const bySession = {};
  for (const p of sessionProperties) {
    const codes = new Int32Array(largest + 1).fill(-1);
    const column = sessions[p];
    for (let s = 0; s < sessions.sessionKey.length; s++) codes[sessions.sessionKey[s]] = column.codes[s];
    bySession[p] = { codes, values: column.values };
  }
  return bySession;
}

/**
 * A property's dictionary for event i: the event's own, or its session's (`viaSession`: `codes`
 * indexed by session key). `code(i)` reads it for an event.
 */
function propertyOf(events, property) {
  if (!eventProperties.includes(property) && property !== "event_name") throw new Error(`unknown property ${property}`);
  if (sessionProperties.includes(property)) {
    if (!events.bySession) throw new Error(`the funnel reads ${property}, a session property, and no sessions were given`);
    const { codes, values } = events.bySession[property];
    const { sessionKey } = events;
    return { values, codes, viaSession: true, code: (i) => codes[sessionKey[i]] ?? -1 };
  }
  if (!events[property]) throw new Error(`the funnel reads ${property}, and the events were read without it (eventPropertiesRead)`);
  const { codes, values } = events[property];
  return { values, codes, viaSession: false, code: (i) => codes[i] };
}

/** Which dictionary values a step filter's condition on one property accepts (funnel-sql.js's matchSql): a scalar is equality, a list any of, a string ending in * a prefix. */
function accepted(values, wanted) {
  const accepts = (v) => (Array.isArray(wanted) ? wanted.map(String).includes(v) : typeof wanted === "string" && wanted.endsWith("*") ? v.startsWith(wanted.slice(0, -1)) : v === String(wanted));
  return Uint8Array.from(values, (v) => (accepts(v) ? 1 : 0));
}

/**
 * Each event's steps and exclusions as bits (`bits`: [filter, bit] pairs), in one pass over the
 * events: a filter on the event name alone is decided per distinct name; one with conditions on
 * other properties also per distinct value of each, then looked up for the events of its name. A
 * missing value matches nothing.
 */
function eventMasks(events, bits) {
  const names = events.event_name;
  const byName = new Int32Array(names.values.length);
  const conditional = [];
  for (const [filter, bit] of bits) {
    // The event name is compared as it is (a * in it is no prefix).
    const nameOk = Uint8Array.from(names.values, (v) => (v === String(filter.event) ? 1 : 0));
    const where = Object.entries(filter.where ?? {});
    if (!where.length) {
      nameOk.forEach((ok, code) => ok && (byName[code] |= bit));
      continue;
    }
    // Codes read in the loop below rather than through code(i): one call less per event and condition.
    const tests = where.map(([property, wanted]) => {
      const { codes, values, viaSession } = propertyOf(events, property);
      return { viaSession, codes, ok: accepted(values, wanted) };
    });
    conditional.push({ bit, nameOk, tests });
  }
  const masks = scratch("masks", events.length).fill(0);
  const { sessionKey } = events;
  for (let i = 0; i < events.length; i++) {
    const name = names.codes[i];
    if (name < 0) continue;
    let mask = byName[name];
    for (const { bit, nameOk, tests } of conditional) {
      if (!nameOk[name]) continue;
      let ok = true;
      for (const t of tests) {
        const code = t.viaSession ? (t.codes[sessionKey[i]] ?? -1) : t.codes[i];
        if (code < 0 || !t.ok[code]) {
          ok = false;
          break;
        }
      }
      if (ok) mask |= bit;
    }
    masks[i] = mask;
  }
  return masks;
}

/** Microseconds of an entry day's start ("YYYY-MM-DD"); `after` the next day's. */
function dayMicros(day, after = false) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day));
  if (!m) throw new Error(`an entry day is written YYYY-MM-DD, not ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) * 1000 + (after ? DAY_MICROS : 0);
}

/**
 * Output columns: values in a typed array, with a validity mask for nulls. Text (VARCHAR) is held
 * as codes into `dictionary` (an Int32Array, like the integers): no string per row, and one
 * element type per store.
 */
function columnOf(name, type, capacity, dictionary = null, arena = fresh) {
  if (type === "VARCHAR" && !dictionary) throw new Error(`text column ${name} needs its dictionary`);
  const values = arena.take(`${name} values`, type === "TIMESTAMP" ? Float64Array : type === "BIGINT" ? BigInt64Array : Int32Array, capacity);
  return { name, type, values, valid: arena.take(`${name} valid`, Uint8Array, capacity), ...(type === "VARCHAR" ? { dictionary } : {}) };
}

/**
 * Each start's steps without the time window: one chain per start (an event matching step 1; in
 * any order an event matching any step), held as indices of the events (the arrays made below);
 * countAttempts counts them and chainColumns gives them as chainsSql's rows: unit_key, user_key,
 * session_key, with ids seq_1 (the start's event_seq), start_place (its place among the unit's
 * events the funnel reads, in the funnel's order, from 1: strict mode reads every event, the others
 * those matching a step or an exclusion), at_1, and
 * - sequential and strict: at_2..at_n, the times of the steps the chain reached with no time limit
 *   (null from the first step it did not reach), with ids seq_2..seq_n their event_seq;
 * - any order: nt_1..nt_n, the time of the first event matching each step from the start on, and
 *   with ids nk_1..nk_n, that event's place in the unit's order (place * 2^32 + event_seq);
 * - pc_<j>_<k>: picked column j (the session key, event properties) at step k.
 * A sequential funnel with a same-session window, no exclusions and counting best attempts follows
 * each unit's first start inside the entry days only (funnel-sql.js, funnelPlan).
 *
 * `events` from funnelEvents (the chains read them later, so they must not change); `options` as
 * chainsSql's (picks, attribution, counting, withIds, entryFrom, entryTo).
 */
export function findChains(funnel, events, options = {}, arena = fresh) {
  const plan = funnelPlan(funnel, options);
  const { n, order, exclusions, heldProperties, holdsSession, pickedColumns, pickedSteps, firstStartOnly, withIds } = plan;
  const byUnit = funnel.unit === "sessions";
  const { userKey, sessionKey, eventSeq, micros } = events;

  // Each event's steps (bit k - 1 for step k) and exclusions (bit 16 + i), and the first step it matches.
  const masks = eventMasks(events, [...funnel.steps.map((s, k) => [s, 1 << k]), ...exclusions.map((x, e) => [x, 1 << (16 + e)])]);
  // Every chain starts at an event, so the starts bound the rows: arrays are made at that size once.
  const firstStep = scratch("firstStep", events.length);
  let capacity = 0;
  for (let i = 0; i < events.length; i++) {
    const steps = masks[i] & 0xffff;
    const first = steps ? 32 - Math.clz32(steps & -steps) : n + 1;
    firstStep[i] = first;
    if (order === "any" ? first <= n : steps & 1) capacity++;
  }
  // Strict mode reads every event of the unit (the next one must be the next step); the others only
  // events that match a step or an exclusion.
  const strict = order === "strict";

  // Held values as one key per event: property codes with a missing value as "(none)" (the SQL
  // compares coalesce(value, '(none)')), and the session key.
  const held = heldProperties.map((p) => {
    const { values, code } = propertyOf(events, p);
    const none = values.indexOf("(none)");
    return (i) => {
      const c = code(i);
      return c < 0 ? none : c;
    };
  });
  let holdKey = null;
  if (held.length === 0 && holdsSession) holdKey = (i) => sessionKey[i];
  else if (held.length) {
    // Each distinct combination numbered once, so groups and comparisons use numbers.
    const ids = new Map();
    const holdIds = new Int32Array(events.length);
    for (let i = 0; i < events.length; i++) {
      if (!strict && masks[i] === 0) continue;
      const key = [...held.map((h) => h(i)), ...(holdsSession ? [sessionKey[i]] : [])].join(",");
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      holdIds[i] = id;
    }
    holdKey = (i) => holdIds[i];
  }

  // A chain is held as indices of its events, not as their values: its keys, times, event_seq and
  // picked values are read from the events when the attempts are counted (countAttempts) or the
  // chains written out (chainColumns). Most of the time finding the chains went to the first writes
  // to fresh memory (page faults), so fewer and narrower arrays are faster.
  const unitOf = arena.take("unitOf", Int32Array, capacity);
  const startPlace = arena.take("startPlace", Int32Array, capacity);
  const startEvent = arena.take("startEvent", Int32Array, capacity);
  // Sequential and strict: how many steps the chain reached with no time limit (1..n).
  const linkedSteps = arena.take("linkedSteps", Uint8Array, capacity);
  // Per step, its event's index + 1 (0: none): sequential, the step found; strict, the event k - 1
  // places on (also when it is not the step, for the values picked there: chainsSql's lead()); any
  // order, the first event from the start on that matches step j, with ids its place in the unit.
  const withPicks = pickedColumns.length > 0;
  const stepEvent = Array.from({ length: n + 1 }, (_, k) => (k >= (order === "any" ? 1 : 2) ? arena.take(`stepEvent ${k}`, Int32Array, capacity) : null));
  const stepPlace = order === "any" && withIds ? Array.from({ length: n + 1 }, (_, k) => (k ? arena.take(`stepPlace ${k}`, Int32Array, capacity) : null)) : null;
  let length = 0;
  /** A new chain for a start at event i (`place`: its index in the unit's list). */
  const startRow = (unit, i, place) => {
    const row = length++;
    unitOf[row] = unit;
    startPlace[row] = place + 1;
    startEvent[row] = i;
    linkedSteps[row] = 1;
    return row;
  };
  /** Step k of a chain reached at event i. */
  const putStep = (row, k, i) => {
    stepEvent[k][row] = i + 1;
    linkedSteps[row] = k;
  };

  // The funnel's order of a unit's events: time, then the first step an event matches, then
  // event_seq. The events come in event_seq order, which follows time, so only events at the same
  // time may need reordering.
  const funnelOrder = (a, b) => micros[a] - micros[b] || firstStep[a] - firstStep[b] || eventSeq[a] - eventSeq[b];
  const inFunnelOrder = (list) => {
    for (let p = 1; p < list.length; p++) {
      const a = list[p - 1];
      const b = list[p];
      // funnelOrder(a, b) > 0, written out: this runs for every unit.
      if (micros[a] > micros[b] || (micros[a] === micros[b] && (firstStep[a] > firstStep[b] || (firstStep[a] === firstStep[b] && eventSeq[a] > eventSeq[b])))) return list.sort(funnelOrder);
    }
    return list;
  };

  const entryFrom = options.entryFrom ? dayMicros(options.entryFrom) : -Infinity;
  const entryTo = options.entryTo ? dayMicros(options.entryTo, true) : Infinity;
  const inEntry = (i) => micros[i] >= entryFrom && micros[i] < entryTo;

  /** The chains of one unit, `list` its relevant events in funnel order. */
  const unitChains = (unit, list) => {
    if (order === "strict") return strictChains(unit, list);
    // Events by held values (all in one group when nothing is held), each group in funnel order.
    // A null group is the whole list.
    const groups = holdKey ? groupsOf(list, holdKey) : wholeList;
    if (order === "any") for (const group of groups) anyOrderChains(unit, list, group);
    else sequentialChains(unit, list, groups);
  };

  // Per step k, the bits of the exclusions an event at step k must not match (after < k <= before).
  const excludedBefore = Array.from({ length: n + 1 }, (_, k) => exclusions.reduce((bits, x, e) => (x.after < k && k <= x.before ? bits | (1 << (16 + e)) : bits), 0));
  const strictChains = (unit, list) => {
    for (let p = 0; p < list.length; p++) {
      const start = list[p];
      if (!(masks[start] & 1)) continue;
      const row = startRow(unit, start, p);
      const key = holdKey ? holdKey(start) : null;
      let linked = true;
      for (let k = 2; k <= n && p + k - 1 < list.length; k++) {
        const i = list[p + k - 1];
        // The picks of the event k - 1 places on, whether or not it is the step (chainsSql's lead()).
        linked &&= (masks[i] & (1 << (k - 1))) !== 0 && (!holdKey || holdKey(i) === key) && (masks[i] & excludedBefore[k]) === 0;
        if (linked) putStep(row, k, i);
        else if (withPicks && k <= pickedSteps) stepEvent[k][row] = i + 1;
        else break;
      }
    }
  };

  // The groups of a unit whose events all hold the same values (groupsOf): one, the whole list. One
  // array for every unit, so that sequentialChains can tell it apart (a same-session window holds
  // the session, and a session unit's events always hold theirs).
  const wholeList = [null];
  const noExclusions = [];
  // Scratch for the sequential walk, grown as needed and reused by every unit (no allocation per unit).
  let nextBuffer = new Int32Array(0);
  let groupEvents = new Int32Array(0);
  const excludedAt = new Int32Array(exclusions.length);
  const sequentialChains = (unit, list, groups) => {
    // The next excluded event of each exclusion after each place of the unit's list (-1: none).
    const nextExcluded = exclusions.length ? exclusions.map((_, e) => nextMatching(list, (i) => (masks[i] & (1 << (16 + e))) !== 0)) : noExclusions;
    if (firstStartOnly && groups === wholeList) return firstStartChain(unit, list);
    for (const group of groups) {
      const size = group ? group.length : list.length;
      const placeOfGroup = group ? (g) => group[g] : (g) => g;
      if (groupEvents.length < size) groupEvents = new Int32Array(size * 2);
      let starts = 0;
      if (group) for (let g = 0; g < size; g++) groupEvents[g] = list[group[g]];
      else groupEvents.set(list);
      for (let g = 0; g < size; g++) starts += masks[groupEvents[g]] & 1;
      if (!starts) continue;
      // nextBuffer[k * size + g]: the next place in the group after g whose event matches step k (-1: none).
      if (nextBuffer.length < (n + 1) * size) nextBuffer = new Int32Array((n + 1) * size * 2);
      for (let k = 2; k <= n; k++) {
        const bit = 1 << (k - 1);
        let seen = -1;
        for (let g = size - 1; g >= 0; g--) {
          nextBuffer[k * size + g] = seen;
          if (masks[groupEvents[g]] & bit) seen = g;
        }
      }
      let started = false;
      for (let g = 0; g < size; g++) {
        const start = groupEvents[g];
        if (!(masks[start] & 1)) continue;
        if (firstStartOnly && (started || !inEntry(start))) continue;
        started = true;
        const row = startRow(unit, start, placeOfGroup(g));
        if (exclusions.length) excludedAt.fill(-1);
        let at = g;
        for (let k = 2; k <= n; k++) {
          // The first excluded event after step k - 1, for exclusions that start there.
          for (let e = 0; e < exclusions.length; e++) if (exclusions[e].after === k - 1) excludedAt[e] = nextExcluded[e][placeOfGroup(at)];
          const next = nextBuffer[k * size + at];
          if (next < 0) break;
          // Step k and the steps up to an exclusion's `before` must come before its excluded event.
          let excluded = false;
          for (let e = 0; e < exclusions.length; e++) {
            const x = exclusions[e];
            if (x.after < k && k <= x.before && excludedAt[e] >= 0 && excludedAt[e] <= placeOfGroup(next)) excluded = true;
          }
          if (excluded) break;
          at = next;
          putStep(row, k, groupEvents[at]);
        }
      }
    }
  };

  // A unit followed from its first start inside the entry days only (firstStartOnly: no exclusions),
  // its events all holding the same values: each step is the first event after the previous one
  // that matches it, as the next-step table would give.
  const firstStartChain = (unit, list) => {
    let g = 0;
    while (g < list.length && !((masks[list[g]] & 1) && inEntry(list[g]))) g++;
    if (g === list.length) return;
    const row = startRow(unit, list[g], g);
    for (let k = 2; k <= n; k++) {
      const bit = 1 << (k - 1);
      g++;
      while (g < list.length && !(masks[list[g]] & bit)) g++;
      if (g === list.length) return;
      putStep(row, k, list[g]);
    }
  };

  const anyNext = new Int32Array(n + 1);
  const anyOrderChains = (unit, list, group) => {
    // From each event on, the first event matching each step: one pass from the group's end.
    const next = anyNext.fill(-1); // the group's place of each step's next event
    const placeOfGroup = group ? (g) => group[g] : (g) => g;
    for (let g = (group ? group.length : list.length) - 1; g >= 0; g--) {
      const i = list[placeOfGroup(g)];
      for (let j = 1; j <= n; j++) if (masks[i] & (1 << (j - 1))) next[j] = g;
      if (firstStep[i] > n) continue;
      const row = startRow(unit, i, placeOfGroup(g));
      for (let j = 1; j <= n; j++) {
        if (next[j] < 0) continue;
        const p = placeOfGroup(next[j]);
        stepEvent[j][row] = list[p] + 1;
        // The event's place in the unit's order (from 1).
        if (withIds) stepPlace[j][row] = p + 1;
      }
    }
  };

  // Places of a unit's list grouped by held values: runs of one buffer sorted by (value, place), so
  // each group keeps the list's order; [null] (the whole list) when every event holds the same.
  const places = scratch("places", events.length);
  const groupsOf = (list, key) => {
    let same = true;
    for (let p = 1; same && p < list.length; p++) same = key(list[p]) === key(list[0]);
    if (same) return wholeList;
    const sorted = places.subarray(0, list.length);
    for (let p = 0; p < list.length; p++) sorted[p] = p;
    sorted.sort((x, y) => key(list[x]) - key(list[y]) || x - y);
    return runs(sorted, (p) => key(list[p]));
  };

  // Units: a user's events are consecutive; a session's are among its user's. A user's relevant
  // events are gathered in one buffer, reused for every user.
  const userEvents = scratch("userEvents", events.length);
  for (let a = 0; a < events.length; ) {
    let b = a + 1;
    while (b < events.length && userKey[b] === userKey[a]) b++;
    let m = 0;
    if (strict) for (let i = a; i < b; i++) userEvents[m++] = i;
    else for (let i = a; i < b; i++) if (masks[i] !== 0) userEvents[m++] = i;
    const list = userEvents.subarray(0, m);
    if (m && byUnit) {
      // Sessions one after another: sorted by session key, event order kept within each (indices follow it).
      let sorted = true;
      for (let p = 1; sorted && p < m; p++) sorted = sessionKey[list[p - 1]] <= sessionKey[list[p]];
      if (!sorted) list.sort((x, y) => sessionKey[x] - sessionKey[y] || x - y);
      for (let from = 0; from < m; ) {
        const session = sessionKey[list[from]];
        let to = from + 1;
        while (to < m && sessionKey[list[to]] === session) to++;
        unitChains(session, inFunnelOrder(list.subarray(from, to)));
        from = to;
      }
    } else if (m) unitChains(userKey[a], inFunnelOrder(list));
    a = b;
  }
  const rows = (a) => (a && length < capacity ? a.subarray(0, length) : a);
  return {
    length, plan, events,
    unitOf: rows(unitOf), startPlace: rows(startPlace), startEvent: rows(startEvent), linkedSteps: rows(linkedSteps),
    stepEvent: stepEvent.map(rows), stepPlace: stepPlace && stepPlace.map(rows),
  };
}

/**
 * The picked columns' values at an event: the session key (INTEGER) or an event property (VARCHAR,
 * as its dictionary code); -1 for null.
 */
function pickersOf(pickedColumns, events) {
  return pickedColumns.map((c) => {
    if (c === "session_key") return { type: "INTEGER", dictionary: null, value: (i) => events.sessionKey[i] };
    const { values, code } = propertyOf(events, c);
    return { type: "VARCHAR", dictionary: values, value: code };
  });
}

/**
 * Chains (findChains' result) as chainsSql's rows: {length, columns: [{name, type, values, valid,
 * dictionary for text}]} in chainColumnNames' order, times as microseconds since 1970 in a
 * Float64Array, text as codes into the dictionary. What the tests compare with chainsSql.
 */
export function chainColumns(chains) {
  const { length, plan, events, unitOf, startPlace, startEvent, linkedSteps, stepEvent, stepPlace } = chains;
  const { order, pickedColumns, pickedSteps } = plan;
  const { userKey, sessionKey, eventSeq, micros } = events;
  const pickers = pickersOf(pickedColumns, events);
  const columns = chainColumnNames(plan).map((name) => {
    const pick = /^pc_(\d+)_(\d+)$/.exec(name);
    const [prefix, k] = pick ? ["pc", Number(pick[2])] : [name.replace(/_\d+$/, ""), Number(name.split("_").pop())];
    if (pick) {
      const picker = pickers[Number(pick[1])];
      return filled(columnOf(name, picker.type, length, picker.dictionary), (r) => {
        const i = k === 1 ? startEvent[r] : stepEvent[k][r] - 1;
        return i < 0 || k > pickedSteps ? -1 : picker.value(i);
      }, (v) => v >= 0);
    }
    // Step k's event (-1: none); in any order, the first event from the start on that matches step k.
    const at = (r) => (order === "any" ? stepEvent[k][r] - 1 : k === 1 ? startEvent[r] : k <= linkedSteps[r] ? stepEvent[k][r] - 1 : -1);
    switch (name === "seq_1" || name === "at_1" ? name : prefix) {
      case "unit_key": return filled(columnOf(name, "INTEGER", length), (r) => unitOf[r]);
      case "user_key": return filled(columnOf(name, "INTEGER", length), (r) => userKey[startEvent[r]]);
      case "session_key": return filled(columnOf(name, "INTEGER", length), (r) => sessionKey[startEvent[r]]);
      case "start_place": return filled(columnOf(name, "INTEGER", length), (r) => startPlace[r]);
      case "seq_1": return filled(columnOf(name, "INTEGER", length), (r) => eventSeq[startEvent[r]]);
      case "at_1": return filled(columnOf(name, "TIMESTAMP", length), (r) => micros[startEvent[r]]);
      case "at": case "nt": return filled(columnOf(name, "TIMESTAMP", length), (r) => (at(r) < 0 ? null : micros[at(r)]), (v) => v !== null);
      case "seq": return filled(columnOf(name, "INTEGER", length), (r) => (at(r) < 0 ? null : eventSeq[at(r)]), (v) => v !== null);
      case "nk": return filled(columnOf(name, "BIGINT", length), (r) => (at(r) < 0 ? null : placeOf(stepPlace[k][r], eventSeq[at(r)])), (v) => v !== null);
      default: throw new Error(`unknown chain column ${name}`);
    }
  });
  return { length, columns };
}

/** A column with value(r) for each row where valid(value) holds (null elsewhere). */
function filled(column, value, valid = () => true) {
  for (let r = 0; r < column.values.length; r++) {
    const v = value(r);
    if (!valid(v)) continue;
    column.values[r] = v;
    column.valid[r] = 1;
  }
  return column;
}

/**
 * The counted attempts of chains (findChains' result for the same funnel and options), as
 * countedFromChainsSql's rows (funnel-sql.js; columns in its order and types, without the keys a
 * count does not carry, countedPlan): each chain cut at the funnel's window (a step counts when its
 * time is at most the window after step 1's, or, same session, when the chain found it), starts
 * outside the entry days left out, and each unit's best attempt kept (the most steps reached, ties
 * to the earliest start_place) or every attempt. Units come out in the order of their first chain.
 */
export function countAttempts(funnel, chains, options = {}, arena = fresh) {
  const { plan, picksRead, keys, everyAttempt } = countedPlan(funnel, options);
  const { n, order, sameSession, windowSeconds, attribution, withIds, pickedColumns } = plan;
  const found = chains.plan;
  // The chains must carry what this count reads (chainsSql's columns for the options they were found with).
  if (found.n !== n || found.order !== order || found.sameSession !== sameSession) throw new Error("the chains were found for another funnel shape");
  if (withIds && !found.withIds) throw new Error("the chains were found without ids");
  const any = order === "any";
  // Attribution's step for picked values: 1, the last one reached, or step N (the last reached below it).
  const upto = attribution === "first" || any ? 1 : attribution === "last" ? n : Number(attribution);
  if (picksRead.length && !(upto >= 1 && upto <= n)) throw new Error(`attribution step ${attribution} is not a step of the funnel`);
  for (const j of picksRead) if (found.pickedColumns[j] !== pickedColumns[j] || upto > found.pickedSteps) throw new Error(`the chains do not carry ${pickedColumns[j]} at the steps this count reads`);
  const { events, unitOf: units, startPlace: place, startEvent, linkedSteps, stepEvent, stepPlace } = chains;
  const { userKey, sessionKey, eventSeq, micros } = events;
  const pickers = pickersOf(picksRead.map((j) => pickedColumns[j]), events);
  const windowMicros = sameSession ? Infinity : windowSeconds * 1e6;
  const entryFrom = options.entryFrom ? dayMicros(options.entryFrom) : -Infinity;
  const entryTo = options.entryTo ? dayMicros(options.entryTo, true) : Infinity;
  // Step k's event of chain r (-1: the chain has none): step 1 is the start.
  const eventAt = (k, r) => (k === 1 && !any ? startEvent[r] : stepEvent[k][r] - 1);

  // Per chain and step, whether the step is inside the window (bit k - 1), and how far the chain
  // gets there (0: outside the entry days, not an attempt). Each step is tested on its own, as in
  // SQL; a sequential or strict chain's steps never go back in time, so it reaches its first ones.
  const inside = scratch("inside", chains.length);
  const reached = scratch("reached", chains.length);
  for (let r = 0; r < chains.length; r++) {
    const start = micros[startEvent[r]];
    if (!(start >= entryFrom && start < entryTo)) {
      reached[r] = 0;
      continue;
    }
    const limit = start + windowMicros;
    let bits = 0;
    let steps = 0;
    if (any) {
      for (let j = 1; j <= n; j++) {
        const i = stepEvent[j][r] - 1;
        if (i >= 0 && micros[i] <= limit) {
          bits |= 1 << (j - 1);
          steps++;
        }
      }
    } else {
      bits = 1;
      steps = 1;
      for (let k = 2; k <= linkedSteps[r]; k++) {
        if (micros[stepEvent[k][r] - 1] <= limit) {
          bits |= 1 << (k - 1);
          steps++;
        }
      }
    }
    inside[r] = bits;
    reached[r] = steps;
  }
  // The rows counted: every attempt, or per unit the furthest, ties to the smallest start_place.
  const counted = scratch("counted", chains.length);
  let length = 0;
  if (everyAttempt) {
    for (let r = 0; r < chains.length; r++) if (reached[r]) counted[length++] = r;
  } else {
    // Unit keys are small non-negative integers (funnel_sessions' dense keys): the best row of each
    // is kept in an array indexed by the key, units listed in the order they first come.
    // The array spans the keys present only (the build counts a batch of users at a time).
    let largest = -1;
    let smallest = Infinity;
    for (let r = 0; r < chains.length; r++) {
      if (units[r] > largest) largest = units[r];
      if (units[r] < smallest) smallest = units[r];
    }
    if (smallest < 0) throw new Error(`unit key ${smallest} is negative`);
    const best = scratch("best", Math.max(0, largest - smallest + 1)).fill(-1);
    // Units in the order they first come (in `counted`, replaced by their best rows below).
    for (let r = 0; r < chains.length; r++) {
      if (!reached[r]) continue;
      const unit = units[r] - smallest;
      const b = best[unit];
      if (b < 0) counted[length++] = unit;
      if (b < 0 || reached[r] > reached[b] || (reached[r] === reached[b] && place[r] < place[b])) best[unit] = r;
    }
    for (let row = 0; row < length; row++) counted[row] = best[counted[row]];
  }

  // With options.dropoffs: each attempt that stopped before the last step, its last event in the
  // window and the event right after its last step (dropoffEvents).
  if (options.dropoffs && !withIds) throw new Error("drop-offs need ids (their last step's event)");
  const drops = options.dropoffs ? dropoffEvents(funnel, events) : null;
  const keyNames = Object.keys(keys).filter((k) => keys[k]);
  const keyOf = { user_key: userKey, session_key: sessionKey };
  const column = (name, type, dictionary) => columnOf(name, type, length, dictionary, arena);
  const unitColumn = column("unit_key", "INTEGER");
  const keyColumns = keyNames.map((k) => column(k, "INTEGER"));
  const reachedColumn = column("reached", "INTEGER");
  const lastColumn = withIds ? column("last_seq", "INTEGER") : null;
  const pickColumns = picksRead.map((j, p) => column(`pick_${j}`, pickers[p].type, pickers[p].dictionary));
  const at = Array.from({ length: n }, (_, i) => column(`at_${i + 1}`, "TIMESTAMP"));
  // dropoffs "events": the events' names only (what the build's counts need), without their times.
  const dropTimes = Boolean(drops) && options.dropoffs !== "events";
  const nameColumn = (name) => (drops ? column(name, "VARCHAR", events.event_name.values) : null);
  const timeColumn = (name) => (dropTimes ? column(name, "TIMESTAMP") : null);
  const [lastName, lastAt, nextName, nextAt] = [nameColumn("last_event"), timeColumn("last_event_at"), nameColumn("next_event"), timeColumn("next_event_at")];
  const dropColumns = [lastName, lastAt, nextName, nextAt].filter(Boolean);
  const times = new Float64Array(n); // any order: the times of the steps inside the window, sorted
  const put = (c, row, value) => {
    c.values[row] = value;
    c.valid[row] = 1;
  };
  const dropped = new Int32Array(2);
  const putDrop = (row, start, stepEvent) => {
    drops(start, stepEvent, dropped);
    const [last, next] = dropped;
    put(lastName, row, events.event_name.codes[last]);
    if (dropTimes) put(lastAt, row, micros[last]);
    if (next < 0) return;
    put(nextName, row, events.event_name.codes[next]);
    if (dropTimes) put(nextAt, row, micros[next]);
  };
  // The columns every row has, each in a loop of its own.
  for (const c of [unitColumn, ...keyColumns, reachedColumn]) c.valid.fill(1);
  for (let row = 0; row < length; row++) unitColumn.values[row] = units[counted[row]];
  for (let row = 0; row < length; row++) reachedColumn.values[row] = reached[counted[row]];
  keyColumns.forEach((c, j) => {
    const key = keyOf[keyNames[j]];
    for (let row = 0; row < length; row++) c.values[row] = key[startEvent[counted[row]]];
  });
  for (let row = 0; row < length; row++) {
    const r = counted[row];
    const steps = reached[r];
    const start = startEvent[r];
    if (any) {
      // The steps found inside the window, in time order: the attempt's steps.
      let m = 0;
      let last = -1; // the latest of them in the unit's order (its place), for last_seq
      let lastEvent = -1;
      for (let j = 1; j <= n; j++) {
        if (!(inside[r] & (1 << (j - 1)))) continue;
        const i = stepEvent[j][r] - 1;
        const t = micros[i];
        let p = m++;
        for (; p > 0 && times[p - 1] > t; p--) times[p] = times[p - 1];
        times[p] = t;
        if (withIds && stepPlace[j][r] > last) {
          last = stepPlace[j][r];
          lastEvent = i;
        }
      }
      for (let i = 0; i < m; i++) put(at[i], row, times[i]);
      if (withIds && lastEvent >= 0) put(lastColumn, row, eventSeq[lastEvent]);
      if (drops && steps < n) putDrop(row, start, lastEvent);
      for (let p = 0; p < pickers.length; p++) {
        const v = pickers[p].value(start);
        if (v >= 0) put(pickColumns[p], row, v);
      }
    } else {
      for (let k = 1; k <= steps; k++) put(at[k - 1], row, micros[eventAt(k, r)]);
      if (withIds) put(lastColumn, row, eventSeq[eventAt(Math.min(steps, n), r)]);
      if (drops && steps < n) putDrop(row, start, eventAt(steps, r));
      const picked = eventAt(Math.min(steps, upto), r);
      for (let p = 0; p < pickers.length; p++) {
        const v = pickers[p].value(picked);
        if (v >= 0) put(pickColumns[p], row, v);
      }
    }
  }
  return { length, columns: [unitColumn, ...keyColumns, reachedColumn, ...(lastColumn ? [lastColumn] : []), ...pickColumns, ...at, ...dropColumns] };
}

// Per events (a batch, the page's), where each user's and each session's events end, made once for every funnel's drop-offs.
const boundsOf = new WeakMap();

/**
 * userEnd: for each event, one past its user's last event; sessionLast(key) (with `bySession`):
 * the index of a session's last event (a session is one user's). Session keys are dense
 * (funnel_sessions numbers them in user order), so they index an array from the smallest one;
 * keys too sparse for that go in a Map.
 */
function eventBounds(events, bySession) {
  let bounds = boundsOf.get(events);
  if (!bounds) boundsOf.set(events, (bounds = {}));
  const { userKey, sessionKey, length } = events;
  if (!bounds.userEnd) {
    const userEnd = new Int32Array(length);
    for (let i = length - 1; i >= 0; i--) userEnd[i] = i + 1 < length && userKey[i + 1] === userKey[i] ? userEnd[i + 1] : i + 1;
    bounds.userEnd = userEnd;
  }
  if (bySession && !bounds.sessionLast) {
    let smallest = Infinity;
    let largest = -Infinity;
    for (let i = 0; i < length; i++) {
      if (sessionKey[i] < smallest) smallest = sessionKey[i];
      if (sessionKey[i] > largest) largest = sessionKey[i];
    }
    if (largest - smallest < 4 * length + 1024) {
      const last = new Int32Array(Math.max(0, largest - smallest + 1));
      for (let i = 0; i < length; i++) last[sessionKey[i] - smallest] = i;
      bounds.sessionLast = (key) => last[key - smallest];
    } else {
      const last = new Map();
      for (let i = 0; i < length; i++) last.set(sessionKey[i], i);
      bounds.sessionLast = (key) => last.get(key);
    }
  }
  return bounds;
}

/**
 * For attempts of `funnel` that stopped before its last step: (start, s) => [last, next], the
 * indices of the attempt's last event in its window (there is always one: s is inside) and of the
 * event right after s, its last step's event (-1: none), as funnel-sql.js's dropoffLookupsSql
 * finds them in SQL (the tests compare the two). The last event is the user's event with the highest event_seq whose time is at
 * or before the window's end (start's time plus the window); for a session unit or a same-session
 * window only that session's (start's), and for a same-session window, which has no end in time,
 * the session's last. The next event is the user's event with event_seq one above s's; for a
 * session unit only in its session. The events come sorted by user and event_seq, which follows
 * time, so a user's events up to a time are a prefix of them, found by halving.
 */
function dropoffEvents(funnel, events) {
  const { sessionKey, eventSeq, micros } = events;
  const inSession = funnel.unit === "sessions" || funnel.window === "same session";
  const wholeSession = funnel.window === "same session";
  const windowMicros = wholeSession ? Infinity : Number(funnel.windowSeconds) * 1e6;
  const { userEnd, sessionLast } = eventBounds(events, inSession);
  return (start, s, out) => {
    const end = userEnd[s];
    const session = sessionKey[start];
    let last;
    if (wholeSession) last = sessionLast(session);
    else {
      const limit = micros[start] + windowMicros;
      // The last of s..end - 1 at or before the limit (s itself is).
      let lo = s;
      let hi = end - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (micros[mid] <= limit) lo = mid;
        else hi = mid - 1;
      }
      last = lo;
      // In the session: its last event when that is inside, else back from there to one of its own (s is).
      if (inSession) {
        const sessionEnd = sessionLast(session);
        if (sessionEnd <= last) last = sessionEnd;
        else while (sessionKey[last] !== session) last--;
      }
    }
    out[0] = last;
    out[1] = s + 1 < end && eventSeq[s + 1] === eventSeq[s] + 1 && (funnel.unit !== "sessions" || sessionKey[s + 1] === session) ? s + 1 : -1;
  };
}

/** The runs of equal key(value) of a typed array, as views of it. */
function runs(values, key) {
  const out = [];
  for (let from = 0; from < values.length; ) {
    let to = from + 1;
    const k = key(values[from]);
    while (to < values.length && key(values[to]) === k) to++;
    out.push(values.subarray(from, to));
    from = to;
  }
  return out;
}

/** place * 2^32 + seq as a BIGINT: exact in a double below 2^53, so made BigInt once. */
const placeOf = (place, seq) => (place < 2 ** 21 ? BigInt(place * 4294967296 + seq) : BigInt(place) * SEQ + BigInt(seq));

/** For each place of `events`, the next later place whose event passes `test` (-1: none). */
function nextMatching(events, test) {
  const next = new Int32Array(events.length).fill(-1);
  let seen = -1;
  for (let p = events.length - 1; p >= 0; p--) {
    next[p] = seen;
    if (test(events[p])) seen = p;
  }
  return next;
}

/**
 * A text column of Apache Arrow (Utf8, one or more chunks) as dictionary codes, read from its UTF-8
 * bytes: each distinct text is decoded once, not each row.
 */
export function dictionaryOfArrow(vector) {
  const codes = new Int32Array(vector.length);
  const values = [];
  const byHash = new Map(); // hash of the bytes -> [{bytes, code}]
  const decoder = new TextDecoder();
  let row = 0;
  for (const data of vector.data) {
    const { valueOffsets: offsets, values: bytes, nullBitmap } = data;
    const base = data.offset ?? 0;
    for (let r = 0; r < data.length; r++, row++) {
      const at = base + r;
      if (data.nullCount > 0 && nullBitmap && !(nullBitmap[at >> 3] & (1 << (at & 7)))) {
        codes[row] = -1;
        continue;
      }
      const from = offsets[at];
      const to = offsets[at + 1];
      let hash = 2166136261 ^ (to - from); // FNV-1a
      for (let b = from; b < to; b++) hash = Math.imul(hash ^ bytes[b], 16777619);
      let seen = byHash.get(hash);
      if (!seen) byHash.set(hash, (seen = []));
      let code = -1;
      for (const s of seen) {
        if (s.bytes.length !== to - from) continue;
        let same = true;
        for (let b = 0; same && b < s.bytes.length; b++) same = s.bytes[b] === bytes[from + b];
        if (same) code = s.code;
      }
      if (code < 0) {
        code = values.length;
        values.push(decoder.decode(bytes.subarray(from, to)));
        seen.push({ bytes: bytes.slice(from, to), code });
      }
      codes[row] = code;
    }
  }
  return { codes, values };
}

/** An integer or timestamp column of Apache Arrow as one typed array (timestamps in the vector's unit, as numbers). */
function numbersOfArrow(vector, ArrayType) {
  const out = new ArrayType(vector.length);
  let row = 0;
  for (const data of vector.data) {
    const values = data.values.subarray(data.offset ?? 0, (data.offset ?? 0) + data.length);
    if (values instanceof BigInt64Array) for (let r = 0; r < data.length; r++) out[row + r] = Number(values[r]);
    else out.set(values, row);
    row += data.length;
  }
  return out;
}

/**
 * funnelEvents from the funnel_events and funnel_sessions marts as Apache Arrow tables (as the page
 * reads them, parquet-to-arrow.js: event_at a microsecond Timestamp). The events must come sorted
 * by user_key and event_seq, as the mart is written.
 */
export function eventsFromArrow(events, sessions) {
  const column = (table, name) => {
    const vector = table.getChild(name);
    if (!vector) throw new Error(`the table has no column ${name}`);
    return vector;
  };
  const eventAt = column(events, "event_at");
  if (eventAt.type.unit !== 2) throw new Error("funnel_events.event_at is not a microsecond timestamp");
  const text = (table, names) => Object.fromEntries(names.map((p) => [p, dictionaryOfArrow(column(table, p))]));
  return funnelEvents(
    {
      userKey: numbersOfArrow(column(events, "user_key"), Int32Array),
      sessionKey: numbersOfArrow(column(events, "session_key"), Int32Array),
      eventSeq: numbersOfArrow(column(events, "event_seq"), Int32Array),
      micros: numbersOfArrow(eventAt, Float64Array),
      ...text(events, ["event_name", ...eventProperties.filter((p) => !sessionProperties.includes(p))]),
    },
    { sessionKey: numbersOfArrow(column(sessions, "session_key"), Int32Array), ...text(sessions, sessionProperties) },
  );
}

/**
 * Rows start .. start + length of a column's `valid` flags as a validity bitmap: bit i (byte i >> 3,
 * least significant bit first) set when row start + i holds a value, in whole 64-bit words. It is
 * Arrow's null bitmap and DuckDB's validity mask alike.
 */
export function validityBitmap(valid, start, length, into = null) {
  const size = ((length + 63) >> 6) << 3;
  // `into`: memory to reuse (at least size bytes), cleared here; the bitmap is valid until it is reused.
  const bitmap = into ? into.subarray(0, size).fill(0) : new Uint8Array(size);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (valid[start + i]) bitmap[i >> 3] |= 1 << (i & 7);
    else nullCount++;
  }
  return { bitmap, nullCount };
}

/** Columns as chainColumns and countAttempts give them, as an Apache Arrow table of their types; `Arrow` is the apache-arrow module. */
export function columnsToArrow(chains, Arrow) {
  const { length } = chains;
  const columns = {};
  for (const c of chains.columns) {
    const { bitmap, nullCount } = validityBitmap(c.valid, 0, length);
    const validity = nullCount ? bitmap : undefined;
    let data;
    if (c.type === "VARCHAR") data = utf8Data(c, Arrow, validity, nullCount);
    else if (c.type === "INTEGER") data = Arrow.makeData({ type: new Arrow.Int32(), length, nullCount, nullBitmap: validity, data: c.values });
    else if (c.type === "BIGINT") data = Arrow.makeData({ type: new Arrow.Int64(), length, nullCount, nullBitmap: validity, data: c.values });
    else data = Arrow.makeData({ type: new Arrow.Timestamp(Arrow.TimeUnit.MICROSECOND, null), length, nullCount, nullBitmap: validity, data: int64Words(c.values) });
    columns[c.name] = Arrow.makeVector(data);
  }
  return new Arrow.Table(columns);
}

/**
 * Whole numbers (below 2^53) as the little-endian words of 64-bit integers, without a BigInt per
 * value (which cost most of the time of turning a quarter of a million chains into Arrow).
 */
export function int64Words(numbers, into = new BigInt64Array(numbers.length)) {
  const words = new Uint32Array(into.buffer, into.byteOffset, numbers.length * 2);
  for (let i = 0; i < numbers.length; i++) {
    const high = Math.floor(numbers[i] / 4294967296);
    words[2 * i] = numbers[i] - high * 4294967296;
    words[2 * i + 1] = high; // two's complement of a negative high word, by the Uint32 conversion
  }
  return into;
}

/** A text column (codes into its dictionary) as Arrow Utf8 data: each dictionary value encoded once. */
function utf8Data(c, Arrow, nullBitmap, nullCount) {
  const encoder = new TextEncoder();
  const bytesOf = c.dictionary.map((v) => encoder.encode(v));
  const length = c.values.length;
  const valueOffsets = new Int32Array(length + 1);
  for (let i = 0; i < length; i++) valueOffsets[i + 1] = valueOffsets[i] + (c.valid[i] ? bytesOf[c.values[i]].length : 0);
  const data = new Uint8Array(valueOffsets[length]);
  for (let i = 0; i < length; i++) if (c.valid[i]) data.set(bytesOf[c.values[i]], valueOffsets[i]);
  return Arrow.makeData({ type: new Arrow.Utf8(), length, nullCount, nullBitmap, valueOffsets, data });
}
