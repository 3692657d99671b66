// From-to counts and revenue between every pair of consecutive history snapshots. The SQL is
// src/components/migration-sql.js, which the migration page runs in the browser for any two dates.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { flowsSql } from "../../../src/components/migration-sql.js";

const model: TsModel = {
  description: "Customers and revenue moving from each segment to each segment between consecutive snapshots.",
  dependsOn: ["customer_segment_history", "int_segment_history_periods"],
  files: ["src/components/migration-sql.js"],
  columns: {
    from_snapshot: "DATE", to_snapshot: "DATE", from_segment: "VARCHAR", from_order: "INTEGER",
    to_segment: "VARCHAR", to_order: "INTEGER", direction: "VARCHAR",
    customers: "BIGINT", revenue_year_before: "DOUBLE", revenue_between: "DOUBLE",
  },
  sql: () => `select * from (${flowsSql({
    history: "customer_segment_history",
    pairs: `(select lag(snapshot_date) over (order by snapshot_date) as from_snapshot, snapshot_date as to_snapshot
             from int_segment_history_periods qualify from_snapshot is not null)`,
  })}) order by all`,
};

export default model;
