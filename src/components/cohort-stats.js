// Figures the cohort page derives from a cohort matrix (build-time or recomputed in the browser).
// Plain functions with no imports, so that the unit tests can check them in Node.

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
    p.cohorts += 1;
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
  return { period, cohorts: finished.length, members, value: revenue / members };
}
