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

  // The cohort period calendar (int_period_calendar, int_activity_periods and the pages' cohort
  // SQL, src/components/cohort-query.js): the period of a day at a grain (UTC days, ISO weeks from
  // Monday, calendar months), its last day, and whether it had ended by the last observed day.
  // (The casts inside: DuckDB-wasm 1.29 binds a macro's body when it is created, with NULL
  // arguments, and cannot pick date_trunc's or last_day's overload without them.)
  period_start_of: `(d, grain) AS CAST(date_trunc(CAST(grain AS VARCHAR), CAST(d AS DATE)) AS DATE)`,
  period_end_of: `(period_start, grain) AS CASE CAST(grain AS VARCHAR) WHEN 'day' THEN CAST(period_start AS DATE)
    WHEN 'week' THEN CAST(period_start AS DATE) + 6 ELSE last_day(CAST(period_start AS DATE)) END`,
  period_is_complete: `(period_start, grain, last_date) AS period_end_of(period_start, grain) <= last_date`,

  // The kept-row condition of every staged table (order lines, events, assignments, customers):
  // staging flags a row it leaves out with an exclusion_reason (seeds/exclusion_reasons.csv) and
  // keeps it in the table for the ledger; models read a row as kept by this name alone.
  is_kept: `(reason) AS reason IS NULL`,

  // Customer value (vars.customer_value_basis), as of today (int_customers_rfm_valued) and as of
  // each past snapshot (int_segment_history_valued): one rule for both. Under net, an order a
  // credit note cancelled in full is not a purchase, and the credit notes matched to the customer
  // come off what they bought; under gross, every kept order is a purchase at its full value.
  counts_as_purchase: `(is_cancelled, basis) AS NOT coalesce(is_cancelled, false) OR basis = 'gross'`,
  customer_value: `(basis, gross, matched_credits) AS CASE basis WHEN 'gross' THEN gross ELSE gross + coalesce(matched_credits, 0) END`,
  // Value in the year before a snapshot (revenue at risk, int_customer_lines_aggregated; worth in the
  // year before a segment move, int_segment_history_valued): the 365 days before it, and the
  // customer value of the purchases and matched credit notes dated in them, floored at zero (a return
  // in the window of goods bought before it takes back older revenue; recent value is never less
  // than nothing).
  in_year_before: `(dated_at, snapshot) AS CAST(dated_at AS DATE) >= CAST(snapshot AS DATE) - 365`,
  window_value: `(basis, purchases, matched_credits) AS greatest(customer_value(basis, purchases, matched_credits), 0)`,
  // A pinned snapshot (vars.snapshot_date) reads the data as the morning of that day would have:
  // customer value counts only invoices and credit notes dated before it. Unpinned (NULL), the
  // snapshot is the day after the last invoice and every line is before it.
  observed_before_snapshot: `(dated_at, pinned_snapshot) AS pinned_snapshot IS NULL OR CAST(dated_at AS DATE) < CAST(pinned_snapshot AS DATE)`,
  // The share of a credit-note line that counts against its customer (int_credit_notes_matched):
  // none without a customer or for a refunded charge (never in customer value); all of a line a
  // product rule catches (it names no product); of a product line, what the customer bought of that
  // product covers (credited and bought summed per customer and product), at most all of it.
  credit_matched_share: `(customer, rule, credited, bought) AS CASE
    WHEN customer IS NULL OR rule = 'non_product_charge' THEN 0
    WHEN rule IS NOT NULL THEN 1
    WHEN credited <= bought THEN 1
    ELSE bought / credited END`,
  // A line's matched value: exact when the whole line is matched; a capped line keeps its share to
  // 1/10,000 of the currency.
  matched_credit_revenue: `(line_revenue, share) AS CASE share WHEN 1 THEN line_revenue WHEN 0 THEN CAST(0 AS DECIMAL(18, 4))
    ELSE CAST(line_revenue * share AS DECIMAL(18, 4)) END`,
  // A revenue total to the millionth, the same whatever order the rows are added in (attribution's
  // credits per channel, its path groups, path lengths and summary): each amount as an exact
  // decimal, so the sum is exact, then rounded. Summed as doubles, the order DuckDB's threads add
  // them in moved the last digit between two builds of the same 5M store (91337011.32 against
  // 91337011.320001). 16 decimals: a total may reach 10^22 (a currency of large units; past it the
  // build fails with DuckDB's overflow error), and 10^8 amounts' roundings stay far below 1e-6.
  exact_revenue_total: `(amount) AS CAST(round(sum(CAST(amount AS DECIMAL(38, 16))), 6) AS DOUBLE)`,
  // The exact product of two amounts of at most 4 decimals (the DECIMAL(18, 4) every amount and
  // outcome value is stored as), as DECIMAL(38, 8): the experiments' sums of squares and cross
  // products. DuckDB keeps the product of two DECIMAL(18, s) in 64 bits, as DECIMAL(18, 2s), and
  // fails past 10^10 (a user with 100,000 of revenue in a window; one spent 133,963.70 on a generated
  // store of 100M order lines). As DECIMAL(38, 4) the factors are the same values, and the product
  // holds up to 10^30.
  exact_product: `(a, b) AS CAST(a AS DECIMAL(38, 4)) * CAST(b AS DECIMAL(38, 4))`,
  // Data tests: two sums of many doubles (attribution's credits per channel against the journeys they
  // came from) agree when they differ by no more than rounding can make them. Summed in a different
  // order (threads, spilling) they differ in the last bits, by more as the sums grow: at 20M order
  // lines revenue of 2.6e8 differed by up to 8.9e-6, and a build under a lower memory limit went past
  // the 1e-5 these tests had. 1e-12 of the sum stays far below a cent there (2.6e-4).
  sums_agree: `(a, b) AS abs(CAST(a AS DOUBLE) - CAST(b AS DOUBLE)) <= 1e-5 + 1e-12 * abs(CAST(b AS DOUBLE))`,
};

/** CREATE MACRO statements for every macro; temporary ones live as long as the connection. */
export function macroStatements({ temporary = false } = {}) {
  return Object.entries(sqlMacros).map(([name, definition]) => `CREATE OR REPLACE ${temporary ? "TEMP " : ""}MACRO ${name}${definition}`);
}
