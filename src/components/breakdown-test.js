// Does completing a funnel differ between the groups of a breakdown? Pearson's chi-square test of
// independence on the groups x (completed, not completed) table of the units whose window closed,
// read from the funnel's step rows (stepsFromAttemptsSql's columns). One definition for the build
// (data-loaders/models/marts/funnel_breakdown_tests.ts) and the funnels page, which recomputes the
// test whenever the reader recomputes the funnel. Plain ES module, no browser or Node globals.
//
// The p-value is the chi-square upper tail, Q(df / 2, x / 2), the regularised upper incomplete
// gamma function. It comes in as `gammainc` (the stdlib project's @stdlib/math-base-special-gammainc,
// called as gammainc(x, a, regularized, upper)): the build passes the package, the page its
// vendored copy, so both run the same library code.

/** Upper tail P(X >= x) of a chi-square with df degrees of freedom. */
export const chiSquareUpperTail = (gammainc, x, df) => (x <= 0 ? 1 : gammainc(x / 2, df / 2, true, true));

/**
 * Pearson's chi-square on a k x 2 table of {units, completed} cells; chi_square, p_value and
 * min_expected are null when the test is undefined (fewer than 2 groups, or nobody or everybody
 * completed). min_expected is there so a reader can judge the approximation (below 5 is weak).
 */
export function chiSquareIndependence(cells, gammainc) {
  const units = cells.reduce((s, c) => s + c.units, 0);
  const completed = cells.reduce((s, c) => s + c.completed, 0);
  const df = cells.length - 1;
  if (df < 1 || completed === 0 || completed === units) return { units, completed, chi_square: null, df, p_value: null, min_expected: null };
  const share = completed / units;
  let statistic = 0;
  let minExpected = Infinity;
  for (const c of cells) {
    for (const [observed, expected] of [[c.completed, c.units * share], [c.units - c.completed, c.units * (1 - share)]]) {
      minExpected = Math.min(minExpected, expected);
      statistic += (observed - expected) ** 2 / expected;
    }
  }
  return { units, completed, chi_square: statistic, df, p_value: chiSquareUpperTail(gammainc, statistic, df), min_expected: minExpected };
}

/**
 * The test of one breakdown from its step rows ({value, step_index, rate_first_units, rate_units}):
 * each group's units are those whose window closed (rate_first_units at the last step) and its
 * completions those that reached the last step; groups without such units are left out.
 */
export function breakdownTest(stepRows, gammainc) {
  const last = Math.max(...stepRows.map((d) => Number(d.step_index)));
  const cells = stepRows
    .filter((d) => Number(d.step_index) === last && Number(d.rate_first_units) > 0)
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .map((d) => ({ units: Number(d.rate_first_units), completed: Number(d.rate_units) }));
  return { groups: cells.length, ...chiSquareIndependence(cells, gammainc) };
}

export const observationalCaution = "Observational: groups differ in more than this property, so a difference is not its effect.";
