// Adjusted p-values for a family of comparisons (every variant against control on every metric
// of one experiment). NaN entries (untestable comparisons) are left out of the family and stay NaN.

/** Holm's step-down adjustment (Holm 1979): controls the family-wise error rate, uniformly more powerful than Bonferroni. */
export function holm(pValues: number[]): number[] {
  const order = testable(pValues).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const m = order.length;
  const adjusted = pValues.map(() => NaN);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
    adjusted[index] = running;
  });
  return adjusted;
}

/** Benjamini-Hochberg step-up adjustment (1995): controls the false discovery rate. */
export function benjaminiHochberg(pValues: number[]): number[] {
  const order = testable(pValues).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const m = order.length;
  const adjusted = pValues.map(() => NaN);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank];
    // m / (rank + 1) >= 1 first, then times p: never below p, as the adjustment is in exact
    // arithmetic ((m * p) / m rounds one unit in the last place below p for some p).
    running = Math.min(running, (m / (rank + 1)) * pValues[index]);
    adjusted[index] = running;
  }
  return adjusted;
}

function testable(pValues: number[]): number[] {
  return pValues.flatMap((p, i) => (Number.isFinite(p) ? [i] : []));
}
