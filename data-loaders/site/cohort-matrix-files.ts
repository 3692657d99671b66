// What the cohorts page loads when the reader picks a fine grain: one source and grain of
// cohort_matrix_pooled, with the columns and the date format of the page's own recomputation
// (cohortSql in src/components/cohort-query.js), so that either can be drawn and the two compared.
// Parquet (zstd), since the four files as JSON (0.8 MB) would take the site over its weight budget.
// Each loader names the mart in its own emitQueryParquet call, which is how the model catalog
// links the mart to the page.

export function pooledMatrixSql(source: string, grain: string): string {
  return `SELECT strftime(cohort_start, '%Y-%m-%d') AS cohort_start, period, strftime(period_start, '%Y-%m-%d') AS period_start,
      is_complete, cohort_size, active_users, retention_rate, retention_low, retention_high, active_or_later_users, unbounded_retention_rate,
      unbounded_retention_low, unbounded_retention_high, revenue::double AS revenue, cumulative_revenue::double AS cumulative_revenue,
      cumulative_revenue_per_member, revenue_retention, strftime(cohort_end, '%Y-%m-%d') AS cohort_end, cohorts_pooled
    FROM cohort_matrix_pooled WHERE source = '${source}' AND grain = '${grain}' ORDER BY cohort_start, period`;
}
