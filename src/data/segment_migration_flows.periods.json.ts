// First view of the migration page: the flows of every consecutive period as columns (one list per
// field, rows in the same order), dates as days and revenue to the cent, so the file stays small
// (the page reads nothing else until the reader asks).
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";

const order = "order by from_snapshot, to_snapshot, from_order, to_order, from_segment, to_segment";
await emitSummary(["segment_migration_flows"], {
  columns: `select
      list(strftime(from_snapshot, '%Y-%m-%d') ${order}) as from_snapshot,
      list(strftime(to_snapshot, '%Y-%m-%d') ${order}) as to_snapshot,
      list(from_segment ${order}) as from_segment,
      list(cast(from_order as integer) ${order}) as from_order,
      list(to_segment ${order}) as to_segment,
      list(cast(to_order as integer) ${order}) as to_order,
      list(direction ${order}) as direction,
      list(cast(customers as integer) ${order}) as customers,
      list(round(revenue_year_before, 2) ${order}) as revenue_year_before,
      list(round(revenue_between, 2) ${order}) as revenue_between
    from segment_migration_flows`,
});
