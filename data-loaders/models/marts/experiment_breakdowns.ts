// Exploratory breakdowns: each metric's lift per device, country and channel slice, Benjamini-
// Hochberg across slices. Statistics in data-loaders/lib/experiments/breakdowns.ts.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { breakdownColumns, buildBreakdowns, type PlannedVariantRow, type SliceAggregateRow } from "../../lib/experiments/breakdowns.ts";
import { settingsFromVars, settingVars } from "../../lib/experiments/settings.ts";

const model: TsModel = {
  description: "One row per experiment, metric, breakdown slice (device, country, channel; '(none)' without the property) and compared variant: lift with its interval, p-value and Benjamini-Hochberg p-value across slices. Exploratory.",
  dependsOn: ["int_experiment_slices_aggregated", "int_experiment_variants_planned"],
  vars: settingVars,
  columns: breakdownColumns,
  async build({ query, vars }) {
    const aggregates = (await query(`
      select experiment_id, dimension, slice, variant, metric, metric_kind, users::double as users, successes::double as successes,
          value_sum::varchar as value_sum, value_sum_of_squares::varchar as value_sum_of_squares
      from int_experiment_slices_aggregated order by all`)) as unknown as SliceAggregateRow[];
    const variants = (await query(`
      select experiment_id, variant, is_control, planned_share from int_experiment_variants_planned order by all`)) as unknown as PlannedVariantRow[];
    return buildBreakdowns(aggregates, variants, settingsFromVars(vars));
  },
};

export default model;
