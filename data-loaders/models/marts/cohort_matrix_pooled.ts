// The cohort matrices of the fine grains (ISO week, day) as the cohorts page first draws them: the
// most recent cohorts one by one and the earlier ones pooled into one row (separateCohorts), so
// that switching grain shows the build's matrix at once instead of loading DuckDB-wasm and
// recomputing. The SQL is cohortGridSql (src/components/cohort-query.js), which the page runs
// when the reader asks to recompute and compare, or downloads the whole matrix.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { cohortGridSql, separateCohorts } from "../../../src/components/cohort-query.js";
import { cohortGridColumns } from "../../lib/engagement/cohort-grid-columns.ts";

const pooledGrains = Object.entries(separateCohorts).filter(([, n]) => n !== null).map(([grain]) => grain);

const model: TsModel = {
  description: "The weekly and daily cohort matrices as the cohorts page draws them: the most recent cohorts one by one, the earlier ones pooled into one row.",
  dependsOn: ["int_activity_periods", "int_period_calendar"],
  files: ["src/components/cohort-query.js"],
  columns: cohortGridColumns,
  sql: () => {
    const only = (table: string) => `(select * from ${table} where grain in (${pooledGrains.map((g) => `'${g}'`).join(", ")}))`;
    return cohortGridSql({ periods: only("int_activity_periods"), calendar: only("int_period_calendar"), separate: separateCohorts });
  },
};

export default model;
