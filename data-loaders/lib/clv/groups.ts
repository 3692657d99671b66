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
  // Each customer becomes one number, (x rank, t_x rank, T rank) in mixed radix, and a native sort
  // of those numbers brings equal triples together in (x, t_x, T) order: at a million customers
  // this is several times faster than counting in maps, and the groups come out already sorted.
  const n = customers.length;
  const xs = new Float64Array(n), txs = new Float64Array(n), Ts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = customers[i];
    xs[i] = c.x;
    txs[i] = c.tx;
    Ts[i] = c.T;
  }
  // Distinct values through a Set (few of them: days or weeks), sorted, then ranked through a Map.
  const distinctX = distinctSorted([xs]);
  const times = distinctSorted([txs, Ts]);
  const nx = distinctX.length, nt = times.length;
  if (nx * nt * nt > Number.MAX_SAFE_INTEGER) return groupByComparison(xs, txs, Ts, times);
  const xRank = ranks(distinctX), timeRank = ranks(times);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (xRank.get(xs[i])! * nt + timeRank.get(txs[i])!) * nt + timeRank.get(Ts[i])!;
  keys.sort();
  let count = 0;
  for (let i = 0; i < n; i++) if (i === 0 || keys[i] !== keys[i - 1]) count++;
  const x = new Float64Array(count), tx = new Float64Array(count), T = new Float64Array(count), weight = new Float64Array(count);
  const txIndex = new Int32Array(count), TIndex = new Int32Array(count);
  let g = -1;
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    if (i === 0 || key !== keys[i - 1]) {
      g++;
      const tIndex = key % nt, rest = (key - tIndex) / nt, txRank = rest % nt;
      x[g] = distinctX[(rest - txRank) / nt];
      txIndex[g] = txRank;
      TIndex[g] = tIndex;
      tx[g] = times[txRank];
      T[g] = times[tIndex];
    }
    weight[g]++;
  }
  return { x, tx, T, weight, times, txIndex, TIndex, customers: n };
}

/** The distinct values in `arrays`, ascending. */
function distinctSorted(arrays: Float64Array[]): Float64Array {
  const seen = new Set<number>();
  for (const values of arrays) for (let i = 0; i < values.length; i++) seen.add(values[i]);
  return Float64Array.from(seen).sort();
}

function ranks(sorted: Float64Array): Map<number, number> {
  const result = new Map<number, number>();
  for (let i = 0; i < sorted.length; i++) result.set(sorted[i], i);
  return result;
}

/** Position of `value` in the ascending `sorted`, which holds it. */
function rank(sorted: Float64Array, value: number): number {
  let low = 0, high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The same groups by sorting customer positions with a comparator, when the mixed-radix key would not fit a double exactly. */
export function groupByComparison(xs: Float64Array, txs: Float64Array, Ts: Float64Array, times: Float64Array): CustomerGroups {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => xs[p] - xs[q] || txs[p] - txs[q] || Ts[p] - Ts[q]);
  const starts: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k], j = order[k - 1];
    if (k === 0 || xs[i] !== xs[j] || txs[i] !== txs[j] || Ts[i] !== Ts[j]) starts.push(k);
  }
  const first = starts.map((k) => order[k]);
  return {
    x: Float64Array.from(first, (i) => xs[i]),
    tx: Float64Array.from(first, (i) => txs[i]),
    T: Float64Array.from(first, (i) => Ts[i]),
    weight: Float64Array.from(starts, (k, g) => (starts[g + 1] ?? n) - k),
    times,
    txIndex: Int32Array.from(first, (i) => rank(times, txs[i])),
    TIndex: Int32Array.from(first, (i) => rank(times, Ts[i])),
    customers: n,
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
