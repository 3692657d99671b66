// Customers with the same (x, t_x, T) contribute the same likelihood term, so the fits evaluate
// each distinct triple once with its count as weight (as lifetimes does). Groups are sorted by x,
// so terms that depend on x alone are computed once per x, and t_x and T point into one table of
// distinct times, so log(alpha + time) is computed once per distinct time, not per customer.

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
  /** Distinct values of t_x and T, and each group's index into them. */
  times: Float64Array;
  txIndex: Int32Array;
  TIndex: Int32Array;
  /** Customers in all groups. */
  customers: number;
}

export function groupCustomers(customers: readonly CustomerSummary[]): CustomerGroups {
  // Nested maps with number keys: much faster than string keys at a million customers.
  const byX = new Map<number, Map<number, Map<number, number>>>();
  for (const c of customers) {
    let byTx = byX.get(c.x);
    if (!byTx) byX.set(c.x, (byTx = new Map()));
    let byT = byTx.get(c.tx);
    if (!byT) byTx.set(c.tx, (byT = new Map()));
    byT.set(c.T, (byT.get(c.T) ?? 0) + 1);
  }
  const rows: Array<[number, number, number, number]> = [];
  for (const [x, byTx] of byX) for (const [tx, byT] of byTx) for (const [T, n] of byT) rows.push([x, tx, T, n]);
  rows.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2]);
  const times = Float64Array.from(new Set(rows.flatMap((r) => [r[1], r[2]]))).sort();
  const position = new Map<number, number>();
  times.forEach((t, i) => position.set(t, i));
  return {
    x: Float64Array.from(rows, (r) => r[0]),
    tx: Float64Array.from(rows, (r) => r[1]),
    T: Float64Array.from(rows, (r) => r[2]),
    weight: Float64Array.from(rows, (r) => r[3]),
    times,
    txIndex: Int32Array.from(rows, (r) => position.get(r[1])!),
    TIndex: Int32Array.from(rows, (r) => position.get(r[2])!),
    customers: customers.length,
  };
}

/** Checks the summary rules the likelihoods rely on; names the offending row (1-based). */
export function validateSummaries(customers: readonly CustomerSummary[], source: string): void {
  customers.forEach((c, i) => {
    const where = `${source}, row ${i + 1}`;
    if (!Number.isInteger(c.x) || c.x < 0) throw new Error(`${where}: frequency x = ${c.x} must be a whole number >= 0`);
    if (!(c.T >= 0)) throw new Error(`${where}: T = ${c.T} must be >= 0`);
    if (!(c.tx >= 0 && c.tx <= c.T)) throw new Error(`${where}: recency t_x = ${c.tx} must lie in [0, T = ${c.T}]`);
    if (c.x === 0 && c.tx !== 0) throw new Error(`${where}: a customer with x = 0 has recency ${c.tx}; it must be 0`);
  });
}
