// One row per user per period they were active in, at day, week and month grain, with their
// cohort (the period of their first activity) and how many periods after it this one is. The SQL
// is activityPeriodsSql (src/components/cohort-query.js), which the cohorts page runs too.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { activityPeriodsSql } from "../../../src/components/cohort-query.js";

const model: TsModel = {
  description: "One row per user per active period (day, ISO week, month) with the user's cohort and the period's index since it.",
  dependsOn: ["int_activity_daily_unioned", "int_period_calendar"],
  files: ["src/components/cohort-query.js"],
  columns: {
    source: "VARCHAR", grain: "VARCHAR", user_id: "VARCHAR", cohort_number: "INTEGER", cohort_start: "DATE", period_number: "INTEGER",
    period: "INTEGER", period_start: "DATE", active_days: "INTEGER", revenue: "DECIMAL(18, 4)",
  },
  sql: () => activityPeriodsSql({ activity: "int_activity_daily_unioned", calendar: "int_period_calendar" }),
};

export default model;
