// A second computation of the journey marts: plain TypeScript loops over raw event rows, sharing
// no SQL with the models. It restates the rules in its own words: staging's cleaning (trim,
// lower-case names, drop rows without user, time or name, drop exact copies), sessions keyed by
// session id or, without one, by the user's UTC day, events ordered by time and at one second by
// the tie order of seeds/event_tie_order.csv (50 when not listed), then by name, the walk cut
// after the first purchase, runs of one event collapsed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { seedsDir } from "../../data-loaders/pipeline/paths.ts";

export interface RawEvent {
  user: string | null;
  session: string | null;
  name: string | null;
  /** Microseconds since the epoch, UTC; null when missing. */
  at: number | null;
  /** Every other column, as text, only to tell exact copies apart. */
  rest: string;
}

export interface Journey {
  user: string;
  session: string;
  /** The session's first event, in microseconds (all its events, not only the walked ones). */
  startedAt: number;
  steps: string[];
  events: number;
  purchased: boolean;
}

const blankToNull = (value: unknown) => {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
};

/** Reads the rows only; every rule is applied in TypeScript below. */
export async function readRawEvents(file: string): Promise<RawEvent[]> {
  const { instance, connection } = await openDatabase();
  try {
    const rows = await queryRows(connection, `select user_id, session_id, event_name, epoch_us(event_at) as at,
        source, medium, campaign, device_category, country, transaction_id, cast(revenue as varchar) as revenue
      from read_parquet('${file}')`);
    return rows.map((r) => ({
      user: blankToNull(r.user_id),
      session: blankToNull(r.session_id),
      name: blankToNull(r.event_name)?.toLowerCase() ?? null,
      at: r.at === null ? null : Number(r.at),
      rest: JSON.stringify([
        blankToNull(r.source) ?? "(direct)", blankToNull(r.medium) ?? "(none)", blankToNull(r.campaign),
        blankToNull(r.device_category)?.toLowerCase() ?? null, blankToNull(r.country), blankToNull(r.transaction_id), r.revenue,
      ]),
    }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

// The seed read as plain text: event_name,tie_order,note (no quoted commas in the first two columns).
const tieOrder = new Map(readFileSync(join(seedsDir, "event_tie_order.csv"), "utf8").trim().split("\n").slice(1)
  .map((line) => line.split(",")).map(([name, order]) => [name.trim(), Number(order)]));
const tieRank = (name: string) => tieOrder.get(name) ?? 50;
const utcDay = (micros: number) => new Date(Math.floor(micros / 1000)).toISOString().slice(0, 10);

export function journeys(rows: RawEvent[]): Journey[] {
  const seen = new Set<string>();
  const sessions = new Map<string, { user: string; events: { at: number; name: string }[] }>();
  for (const row of rows) {
    if (row.user === null || row.at === null || row.name === null) continue;
    const copyKey = JSON.stringify([row.user, row.session, row.name, row.at, row.rest]);
    if (seen.has(copyKey)) continue;
    seen.add(copyKey);
    const session = row.session ?? `(no session) ${utcDay(row.at)}`;
    const key = JSON.stringify([row.user, session]);
    let entry = sessions.get(key);
    if (!entry) sessions.set(key, (entry = { user: row.user, events: [] }));
    entry.events.push({ at: row.at, name: row.name });
  }
  const result: Journey[] = [];
  for (const [key, { user, events }] of sessions) {
    events.sort((a, b) => a.at - b.at || tieRank(a.name) - tieRank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const steps: string[] = [];
    let count = 0;
    let purchased = false;
    for (const event of events) {
      count++;
      if (steps[steps.length - 1] !== event.name) steps.push(event.name);
      if (event.name === "purchase") {
        purchased = true;
        break;
      }
    }
    result.push({ user, session: JSON.parse(key)[1], startedAt: events[0].at, steps, events: count, purchased });
  }
  return result;
}

export interface PathRow {
  path_rank: number;
  path: string;
  steps: number | null;
  sessions: number;
  users: number;
  share: number;
  purchase_sessions: number;
  conversion_rate: number;
}

export function topPaths(all: Journey[], top: number): PathRow[] {
  const byPath = new Map<string, Journey[]>();
  for (const journey of all) {
    const path = journey.steps.join(" > ");
    const members = byPath.get(path);
    if (members) members.push(journey);
    else byPath.set(path, [journey]);
  }
  const ranked = [...byPath.entries()].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0));
  const row = (rank: number, path: string, steps: number | null, members: Journey[]): PathRow => {
    const purchases = members.filter((j) => j.purchased).length;
    return {
      path_rank: rank, path, steps, sessions: members.length, users: new Set(members.map((j) => j.user)).size,
      share: members.length / all.length, purchase_sessions: purchases, conversion_rate: purchases / members.length,
    };
  };
  const rows = ranked.slice(0, top).map(([path, members], i) => row(i + 1, path, members[0].steps.length, members));
  const rest = ranked.slice(top).flatMap(([, members]) => members);
  if (rest.length) rows.push(row(rows.length + 1, "(other paths)", null, rest));
  return rows;
}

export interface FlowRow {
  step_index: number;
  from_node: string;
  to_node: string;
  sessions: number;
}

export function flows(all: Journey[], shownSteps: number): FlowRow[] {
  const counts = new Map<string, number>();
  for (const { steps } of all) {
    for (let k = 1; k <= Math.min(steps.length, shownSteps); k++) {
      const to = k === steps.length ? "(exit)" : k === shownSteps ? "(more steps)" : steps[k];
      const key = JSON.stringify([k, steps[k - 1], to]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts.entries()].map(([key, sessions]) => {
    const [step_index, from_node, to_node] = JSON.parse(key) as [number, string, string];
    return { step_index, from_node, to_node, sessions };
  });
}

/** Sessions per length, raw events and collapsed steps. */
export function pathLengths(all: Journey[]): { length: number; raw_sessions: number; collapsed_sessions: number }[] {
  const table = new Map<number, { raw: number; collapsed: number }>();
  const at = (n: number) => table.get(n) ?? (table.set(n, { raw: 0, collapsed: 0 }), table.get(n)!);
  for (const j of all) {
    at(j.events).raw++;
    at(j.steps.length).collapsed++;
  }
  return [...table.entries()].map(([length, { raw, collapsed }]) => ({ length, raw_sessions: raw, collapsed_sessions: collapsed }));
}

export interface AfterExitRow {
  exit_step: string;
  next_step: string;
  sessions: number;
  share_of_exits: number;
  next_session_purchases: number;
}

/** For each session without a purchase: the opening step of the user's next session (by start, then id). */
export function afterExit(all: Journey[]): AfterExitRow[] {
  const byUser = new Map<string, Journey[]>();
  for (const j of all) {
    const list = byUser.get(j.user);
    if (list) list.push(j);
    else byUser.set(j.user, [j]);
  }
  const counts = new Map<string, { sessions: number; purchases: number }>();
  const exits = new Map<string, number>();
  for (const list of byUser.values()) {
    list.sort((a, b) => a.startedAt - b.startedAt || (a.session < b.session ? -1 : a.session > b.session ? 1 : 0));
    list.forEach((j, i) => {
      if (j.purchased) return;
      const next = list[i + 1];
      const opening = next ? (next.steps[0] === "session_start" && next.steps.length > 1 ? next.steps[1] : next.steps[0]) : "(no return)";
      const exit = j.steps[j.steps.length - 1];
      const key = JSON.stringify([exit, opening]);
      const entry = counts.get(key) ?? { sessions: 0, purchases: 0 };
      entry.sessions++;
      if (next?.purchased) entry.purchases++;
      counts.set(key, entry);
      exits.set(exit, (exits.get(exit) ?? 0) + 1);
    });
  }
  return [...counts].map(([key, { sessions, purchases }]) => {
    const [exit_step, next_step] = JSON.parse(key) as [string, string];
    return { exit_step, next_step, sessions, share_of_exits: sessions / exits.get(exit_step)!, next_session_purchases: purchases };
  });
}
