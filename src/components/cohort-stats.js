// Figures the cohort page derives from a cohort matrix (build-time or recomputed in the browser).
// Plain functions (importing only periods.js), so that the unit tests can check them in Node.
import { cohortLabel } from "./periods.js";

const z = 1.959963984540054;

/**
 * The share of all cohorts' members active in period k, pooled over the cohorts whose period k
 * has ended (members-weighted, so a large cohort counts for more), with its 95% Wilson interval.
 */
export function pooledRetention(rows, { count = "active_users" } = {}) {
  const byPeriod = new Map();
  for (const d of rows) {
    if (!d.is_complete) continue;
    const period = Number(d.period);
    const p = byPeriod.get(period) ?? { period, x: 0, n: 0, cohorts: 0 };
    p.x += Number(d[count]);
    p.n += Number(d.cohort_size);
    p.cohorts += Number(d.cohorts_pooled ?? 1); // a pooled row of earlier cohorts holds several
    byPeriod.set(period, p);
  }
  return [...byPeriod.values()].sort((a, b) => a.period - b.period).map((p) => {
    const centre = (p.x + (z * z) / 2) / (p.n + z * z);
    const half = (z * Math.sqrt((p.x * (p.n - p.x)) / p.n + (z * z) / 4)) / (p.n + z * z);
    return { ...p, rate: p.x / p.n, low: p.x === 0 ? 0 : centre - half, high: p.x === p.n ? 1 : centre + half };
  });
}

/**
 * Cumulative revenue per member after period k, pooled over the cohorts that have finished it:
 * their revenue to the end of period k over their members. Null when no cohort has.
 */
export function pooledValuePerMember(rows, period) {
  const finished = rows.filter((d) => Number(d.period) === period && d.is_complete);
  if (!finished.length) return null;
  const revenue = finished.reduce((sum, d) => sum + Number(d.cumulative_revenue), 0);
  const members = finished.reduce((sum, d) => sum + Number(d.cohort_size), 0);
  const cohorts = finished.reduce((sum, d) => sum + Number(d.cohorts_pooled ?? 1), 0);
  return { period, cohorts, members, value: revenue / members };
}

/**
 * One line per cohort row of a matrix (rows sorted by cohort then period, as the build and the
 * browser's query give them): its members, first-period revenue, revenue to date and per member,
 * revenue retention in period 1 (when finished) and its last finished period. One pass: a day
 * matrix has hundreds of thousands of cells.
 */
export function cohortRevenueTable(rows, grain) {
  const byCohort = new Map();
  for (const d of rows) {
    const key = String(d.cohort_start).slice(0, 10);
    let line = byCohort.get(key);
    if (!line) byCohort.set(key, (line = { cohort: cohortLabel(d, grain), members: Number(d.cohort_size), first_revenue: null, revenue_to_date: 0, per_member_to_date: 0, revenue_retention_next: null, finished: null, lastPeriod: -1 }));
    const period = Number(d.period);
    if (period === 0) line.first_revenue = Number(d.revenue);
    if (period === 1 && d.is_complete) line.revenue_retention_next = d.revenue_retention === null ? null : Number(d.revenue_retention);
    if (d.is_complete && period > (line.finished ?? -1)) line.finished = period;
    if (period > line.lastPeriod) {
      line.lastPeriod = period;
      line.revenue_to_date = Number(d.cumulative_revenue);
      line.per_member_to_date = Number(d.cumulative_revenue_per_member);
    }
  }
  return [...byCohort.values()].map(({ lastPeriod, ...line }) => line);
}

/** The monthly matrix's facts the page states: cohorts, the largest, the oldest's last finished month. */
export function monthlyFacts(rows) {
  const firsts = rows.filter((d) => d.period === 0);
  if (!firsts.length) return null;
  const largest = firsts.reduce((a, b) => (b.cohort_size > a.cohort_size ? b : a));
  const oldest = rows.filter((d) => d.cohort_start === firsts[0].cohort_start && d.is_complete).at(-1) ?? null;
  return { cohorts: firsts.length, first: firsts[0], last: firsts.at(-1), largest, oldest };
}
