// SQL macros that both engines define before any shared SQL runs: the pipeline's DuckDB on every
// connection it opens (data-loaders/pipeline/duckdb.ts, as temporary macros) and the page's
// DuckDB-wasm when it is created (src/components/lazy-database.js). A formula the marts and the
// pages' recomputations both use is written here once, so the two give the same numbers by
// construction. Plain ES module, no browser or Node globals.

const Z = "1.959963984540054"; // the standard normal quantile of 0.975

/** Name -> "(arguments) AS expression". */
export const sqlMacros = {
  // 95% Wilson score bounds of x successes in n trials (Wilson 1927): they stay inside 0..1 for
  // small n, are exactly 0 (lower, x = 0) and 1 (upper, x = n), and NULL when n = 0.
  wilson_low: `(x, n) AS CASE WHEN n = 0 THEN NULL WHEN x = 0 THEN 0.0
    ELSE (x + ${Z} * ${Z} / 2 - ${Z} * sqrt(x * (n - x) / n + ${Z} * ${Z} / 4)) / (n + ${Z} * ${Z}) END`,
  wilson_high: `(x, n) AS CASE WHEN n = 0 THEN NULL WHEN x = n THEN 1.0
    ELSE (x + ${Z} * ${Z} / 2 + ${Z} * sqrt(x * (n - x) / n + ${Z} * ${Z} / 4)) / (n + ${Z} * ${Z}) END`,
};

/** CREATE MACRO statements for every macro; temporary ones live as long as the connection. */
export function macroStatements({ temporary = false } = {}) {
  return Object.entries(sqlMacros).map(([name, definition]) => `CREATE OR REPLACE ${temporary ? "TEMP " : ""}MACRO ${name}${definition}`);
}
