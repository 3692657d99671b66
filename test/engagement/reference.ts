// A second, independent computation of every engagement metric: plain TypeScript over the raw
// fixture rows, by brute force (sets of user ids per day and per window), sharing no code or SQL
// with the models. Dates are whole UTC day numbers; money is integer hundredths.
import { dayNumber, isoDay, type OrderLine, type WebEvent } from "./fixtures.ts";

export type Grain = "day" | "week" | "month";
export const grains: Grain[] = ["day", "week", "month"];

/** user -> day number -> revenue in hundredths that day */
export type Activity = Map<string, Map<number, number>>;

export interface Source {
  activity: Activity;
  /** First and last day with any row of the source, kept or not. */
  firstDay: number;
  lastDay: number;
}

function addActivity(activity: Activity, user: string, day: number, cents: number): void {
  const days = activity.get(user) ?? new Map<number, number>();
  days.set(day, (days.get(day) ?? 0) + cents);
  activity.set(user, days);
}

/**
 * Purchasers: a line with a customer, a positive quantity and a positive price, counted once
 * when the same line was recorded twice. (The fixtures use no stock code the ledger's rules
 * single out, such as POST or M.)
 */
export function purchasers(lines: OrderLine[]): Source {
  const activity: Activity = new Map();
  const seen = new Set<string>();
  for (const l of lines) {
    const key = JSON.stringify(l);
    const duplicate = seen.has(key);
    seen.add(key);
    if (l.customer && l.quantity > 0 && l.priceCents > 0 && !duplicate) addActivity(activity, l.customer, dayNumber(l.at), l.quantity * l.priceCents);
  }
  const days = lines.map((l) => dayNumber(l.at));
  return { activity, firstDay: Math.min(...days), lastDay: Math.max(...days) };
}

/** Visitors: an event with a user, a time and a name, first copy of exact duplicates only. */
export function visitors(events: WebEvent[]): Source {
  const activity: Activity = new Map();
  const seen = new Set<string>();
  for (const e of events) {
    const key = JSON.stringify(e);
    const duplicate = seen.has(key);
    seen.add(key);
    if (!e.user || !e.at || !e.name || duplicate) continue;
    const purchase = e.name.trim().toLowerCase() === "purchase";
    addActivity(activity, e.user, dayNumber(e.at), purchase ? (e.revenueCents ?? 0) : 0);
  }
  const days = events.filter((e) => e.at).map((e) => dayNumber(e.at!));
  return { activity, firstDay: Math.min(...days), lastDay: Math.max(...days) };
}

function activeOn(source: Source, from: number, to: number): Set<string> {
  const users = new Set<string>();
  for (const [user, days] of source.activity) {
    for (const day of days.keys()) if (day >= from && day <= to) users.add(user);
  }
  return users;
}

export interface ActiveUsersRow {
  date: string;
  dau: number;
  wau: number;
  mau: number;
  userDays: number;
  stickiness: number | null;
  wauComplete: boolean;
  mauComplete: boolean;
}

export function activeUsers(source: Source, window: number): ActiveUsersRow[] {
  const rows: ActiveUsersRow[] = [];
  for (let d = source.firstDay; d <= source.lastDay; d++) {
    const dau = activeOn(source, d, d).size;
    const mau = activeOn(source, d - window + 1, d).size;
    let userDays = 0;
    for (let e = d - window + 1; e <= d; e++) userDays += activeOn(source, e, e).size;
    rows.push({
      date: isoDay(d), dau, wau: activeOn(source, d - 6, d).size, mau, userDays,
      stickiness: mau ? dau / mau : null,
      wauComplete: d - 6 >= source.firstDay, mauComplete: d - window + 1 >= source.firstDay,
    });
  }
  return rows;
}

/** First day of the period holding `day`: the day, its ISO week's Monday, or the 1st of its month. */
export function periodStart(day: number, grain: Grain): number {
  if (grain === "day") return day;
  const date = new Date(day * 86_400_000);
  if (grain === "week") return day - ((date.getUTCDay() + 6) % 7);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 86_400_000;
}

/** Last day of the period starting on `start`. */
export function periodEnd(start: number, grain: Grain): number {
  if (grain === "day") return start;
  if (grain === "week") return start + 6;
  const date = new Date(start * 86_400_000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / 86_400_000 - 1;
}

/** Whole periods from `from` to `to` (both period starts). */
export function periodsBetween(from: number, to: number, grain: Grain): number {
  if (grain === "day") return to - from;
  if (grain === "week") return (to - from) / 7;
  const a = new Date(from * 86_400_000);
  const b = new Date(to * 86_400_000);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
}

/** Standard 95% Wilson score interval in its textbook form (proportion, not counts). */
export function wilson(successes: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = successes / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const denominator = 1 + (z * z) / n;
  return [(centre - spread) / denominator, (centre + spread) / denominator];
}

interface UserPeriods {
  cohort: number;
  /** period start -> revenue in hundredths */
  periods: Map<number, number>;
}

function userPeriods(source: Source, grain: Grain): Map<string, UserPeriods> {
  const result = new Map<string, UserPeriods>();
  for (const [user, days] of source.activity) {
    const periods = new Map<number, number>();
    for (const [day, cents] of days) {
      const start = periodStart(day, grain);
      periods.set(start, (periods.get(start) ?? 0) + cents);
    }
    result.set(user, { cohort: Math.min(...periods.keys()), periods });
  }
  return result;
}

export interface CohortRow {
  cohort: string;
  period: number;
  periodStart: string;
  isComplete: boolean;
  size: number;
  active: number;
  activeOrLater: number;
  rate: number;
  low: number;
  high: number;
  unboundedRate: number;
  unboundedLow: number;
  unboundedHigh: number;
  revenueCents: number;
  cumulativeCents: number;
}

export function cohorts(source: Source, grain: Grain): CohortRow[] {
  const users = userPeriods(source, grain);
  const lastStart = periodStart(source.lastDay, grain);
  const starts = [...new Set([...users.values()].map((u) => u.cohort))].sort((a, b) => a - b);
  const rows: CohortRow[] = [];
  for (const cohort of starts) {
    const members = [...users.values()].filter((u) => u.cohort === cohort);
    let cumulative = 0;
    for (let k = 0, start = cohort; start <= lastStart; k++, start = periodStart(periodEnd(start, grain) + 1, grain)) {
      expectEqual(periodsBetween(cohort, start, grain), k);
      const active = members.filter((m) => m.periods.has(start)).length;
      const activeOrLater = members.filter((m) => [...m.periods.keys()].some((p) => p >= start)).length;
      const revenue = members.reduce((sum, m) => sum + (m.periods.get(start) ?? 0), 0);
      cumulative += revenue;
      const [low, high] = wilson(active, members.length);
      const [unboundedLow, unboundedHigh] = wilson(activeOrLater, members.length);
      rows.push({
        cohort: isoDay(cohort), period: k, periodStart: isoDay(start), isComplete: periodEnd(start, grain) <= source.lastDay,
        size: members.length, active, activeOrLater, rate: active / members.length, low, high,
        unboundedRate: activeOrLater / members.length, unboundedLow, unboundedHigh, revenueCents: revenue, cumulativeCents: cumulative,
      });
    }
  }
  return rows;
}

export interface LifecycleRow {
  periodStart: string;
  isComplete: boolean;
  active: number;
  new: number;
  returning: number;
  resurrecting: number;
  dormant: number;
}

export function lifecycle(source: Source, grain: Grain): LifecycleRow[] {
  const users = [...userPeriods(source, grain).values()];
  const rows: LifecycleRow[] = [];
  let previous: number | null = null;
  for (let start = periodStart(source.firstDay, grain); start <= source.lastDay; start = periodStart(periodEnd(start, grain) + 1, grain)) {
    const row: LifecycleRow = { periodStart: isoDay(start), isComplete: periodEnd(start, grain) <= source.lastDay, active: 0, new: 0, returning: 0, resurrecting: 0, dormant: 0 };
    for (const u of users) {
      const now = u.periods.has(start);
      const before = previous !== null && u.periods.has(previous);
      if (now) row.active++;
      if (now && u.cohort === start) row.new++;
      else if (now && before) row.returning++;
      else if (now) row.resurrecting++;
      if (before && !now) row.dormant++;
    }
    rows.push(row);
    previous = start;
  }
  return rows;
}

/** The marketing document's stages, in months since the first purchase (month 12 in Revenue). */
export const stages = [
  { stage: "Acquisition", from: 0, to: 0 },
  { stage: "Activation", from: 1, to: 3 },
  { stage: "Retention", from: 4, to: 6 },
  { stage: "Revenue", from: 7, to: 12 },
  { stage: "Referral", from: 13, to: Infinity },
];

export interface StageRow {
  cohort: string;
  stage: string;
  size: number;
  active: number;
  share: number;
  low: number;
  high: number;
  isComplete: boolean;
  revenueCents: number;
}

export function cohortStages(source: Source): StageRow[] {
  const users = [...userPeriods(source, "month").values()];
  const lastStart = periodStart(source.lastDay, "month");
  const rows: StageRow[] = [];
  for (const cohort of [...new Set(users.map((u) => u.cohort))].sort((a, b) => a - b)) {
    const members = users.filter((u) => u.cohort === cohort);
    const age = periodsBetween(cohort, lastStart, "month");
    const lastMonthComplete = periodEnd(lastStart, "month") <= source.lastDay ? age : age - 1;
    for (const s of stages) {
      if (s.from > age) continue;
      const inStage = (start: number) => {
        const k = periodsBetween(cohort, start, "month");
        return k >= s.from && k <= s.to;
      };
      const active = members.filter((m) => [...m.periods.keys()].some(inStage)).length;
      const revenue = members.reduce((sum, m) => sum + [...m.periods].filter(([p]) => inStage(p)).reduce((a, [, c]) => a + c, 0), 0);
      const [low, high] = wilson(active, members.length);
      rows.push({ cohort: isoDay(cohort), stage: s.stage, size: members.length, active, share: active / members.length, low, high, isComplete: s.to <= lastMonthComplete, revenueCents: revenue });
    }
  }
  return rows;
}

export function cohortQuality(stageRows: StageRow[], judgedOn = "Activation"): { cohort: string; benchmark: number | null; quality: string }[] {
  const cohortsSeen = [...new Set(stageRows.map((r) => r.cohort))];
  const judged = stageRows.filter((r) => r.stage === judgedOn && r.isComplete);
  return cohortsSeen.map((cohort) => {
    const own = judged.find((r) => r.cohort === cohort);
    if (!own) return { cohort, benchmark: null, quality: "too early" };
    const others = judged.filter((r) => r.cohort !== cohort);
    const members = others.reduce((a, r) => a + r.size, 0);
    if (!members) return { cohort, benchmark: null, quality: "no benchmark" };
    const benchmark = others.reduce((a, r) => a + r.active, 0) / members;
    const quality = own.low > benchmark ? "above" : own.high < benchmark ? "below" : "typical";
    return { cohort, benchmark, quality };
  });
}

function expectEqual(a: number, b: number): void {
  if (a !== b) throw new Error(`reference: period arithmetic disagrees (${a} vs ${b})`);
}
