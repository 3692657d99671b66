// Every day, ISO week (Monday to Sunday) and calendar month each source observes, numbered from
// its first, so that periods without any activity still exist as rows and "k periods later" is a
// subtraction. Week and month boundaries are UTC, like every timestamp in the project. The SQL is
// periodCalendarSql (src/components/cohort-query.js), which the cohorts page runs too.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { grains, periodCalendarSql } from "../../../src/components/cohort-query.js";

const model: TsModel = {
  description: "Every observed day, ISO week and calendar month of each source, numbered from the first.",
  dependsOn: ["int_observation_windows"],
  files: ["src/components/cohort-query.js"],
  columns: { source: "VARCHAR", grain: "VARCHAR", period_number: "INTEGER", period_start: "DATE", period_end: "DATE", is_complete: "BOOLEAN" },
  sql: () => periodCalendarSql({ windows: "int_observation_windows", grains }),
};

export default model;
