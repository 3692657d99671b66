// The columns of cohortGridSql (src/components/cohort-query.js) as the models that run it store
// them: int_cohort_grid (every cohort) and cohort_matrix_pooled (the page's pooled matrices).
export const cohortGridColumns = {
  source: "VARCHAR", grain: "VARCHAR", cohort_start: "DATE", cohort_end: "DATE", cohorts_pooled: "INTEGER", period: "INTEGER",
  period_start: "DATE", period_end: "DATE", is_complete: "BOOLEAN", cohort_size: "INTEGER", active_users: "INTEGER",
  retention_rate: "DOUBLE", retention_low: "DOUBLE", retention_high: "DOUBLE", active_or_later_users: "INTEGER",
  unbounded_retention_rate: "DOUBLE", unbounded_retention_low: "DOUBLE", unbounded_retention_high: "DOUBLE",
  revenue: "DECIMAL(18, 4)", cumulative_revenue: "DECIMAL(18, 4)", revenue_per_member: "DOUBLE", cumulative_revenue_per_member: "DOUBLE",
  revenue_retention: "DOUBLE",
};
