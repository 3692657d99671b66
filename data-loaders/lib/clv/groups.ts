// Customers with the same (x, t_x, T) contribute the same likelihood term, so the fits evaluate
// each distinct triple once with its count as weight (as lifetimes does). Sorted by x, so terms
// that depend on x alone are computed once per x.

export interface CustomerSummary {
  /** Repeat purchases in the calibration period. */
  x: number;
  /** Time of the last purchase, from the first (model time unit). */
  tx: number;
  /** Time from the first purchase to the end of the calibration period. */
  T: number;
}

export interface CustomerGroups {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** Customers in all groups. */
  customers: number;
}

export function groupCustomers(customers: readonly CustomerSummary[]): CustomerGroups {
  const counts = new Map<string, { x: number; tx: number; T: number; n: number }>();
  for (const c of customers) {
    const key = `${c.x}|${c.tx}|${c.T}`;
    const group = counts.get(key);
    if (group) group.n++;
    else counts.set(key, { x: c.x, tx: c.tx, T: c.T, n: 1 });
  }
  const rows = [...counts.values()].sort((p, q) => p.x - q.x || p.tx - q.tx || p.T - q.T);
  return {
    x: Float64Array.from(rows, (g) => g.x),
    tx: Float64Array.from(rows, (g) => g.tx),
    T: Float64Array.from(rows, (g) => g.T),
    weight: Float64Array.from(rows, (g) => g.n),
    customers: customers.length,
  };
}

/** Checks the summary rules the likelihoods rely on; names the offending row (1-based). */
export function validateSummaries(customers: readonly CustomerSummary[], source: string): void {
  customers.forEach((c, i) => {
    const where = `${source}, row ${i + 1}`;
    if (!Number.isInteger(c.x) || c.x < 0) throw new Error(`${where}: frequency x = ${c.x} must be a whole number >= 0`);
    if (!(c.T > 0)) throw new Error(`${where}: T = ${c.T} must be > 0`);
    if (!(c.tx >= 0 && c.tx <= c.T)) throw new Error(`${where}: recency t_x = ${c.tx} must lie in [0, T = ${c.T}]`);
    if (c.x === 0 && c.tx !== 0) throw new Error(`${where}: a customer with x = 0 has recency ${c.tx}; it must be 0`);
  });
}
