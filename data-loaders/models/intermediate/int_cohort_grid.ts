// The cohort grid at day, ISO week and month grain, every cohort a row of its own: what
// cohort_retention and cohort_revenue publish. The SQL is cohortGridSql
// (src/components/cohort-query.js), the one the cohorts page runs in the browser.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { cohortGridSql } from "../../../src/components/cohort-query.js";
import { cohortGridColumns } from "../../lib/engagement/cohort-grid-columns.ts";

const model: TsModel = {
  description: "Per source, grain, cohort and period: cohort size, members active in the period and in it or later with 95% Wilson bounds, revenue and cumulative revenue.",
  dependsOn: ["int_activity_periods", "int_period_calendar"],
  files: ["src/components/cohort-query.js"],
  columns: cohortGridColumns,
  sql: () => cohortGridSql({ periods: "int_activity_periods", calendar: "int_period_calendar" }),
};

export default model;
