// First view of the migration page: the flows of every consecutive period, dates as days and
// revenue to the cent, so the file stays small (the page reads nothing else until asked).
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";

await emitSummary(["segment_migration_flows"], {
  flows: `select strftime(from_snapshot, '%Y-%m-%d') as from_snapshot, strftime(to_snapshot, '%Y-%m-%d') as to_snapshot,
      from_segment, from_order, to_segment, to_order, direction, customers,
      round(revenue_year_before, 2) as revenue_year_before, round(revenue_between, 2) as revenue_between
    from segment_migration_flows order by all`,
});
