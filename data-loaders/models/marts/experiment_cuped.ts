// CUPED: each compared variant's lift without and with the pre-period covariate, and the variance
// reduction achieved, or why it is off. Statistics in data-loaders/lib/experiments/cuped.ts.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { buildCuped, cupedColumns, type CupedAggregateRow } from "../../lib/experiments/cuped.ts";
import type { ResultRow } from "../../lib/experiments/results.ts";
import { settingsFromVars, settingVars } from "../../lib/experiments/settings.ts";

const model: TsModel = {
  description: "One row per experiment, metric and compared variant: CUPED status, theta, variance reduction, and the lift with its interval and p-value without and with the pre-period covariate.",
  dependsOn: ["experiment_results", "int_experiment_cuped_aggregated"],
  vars: settingVars,
  columns: cupedColumns,
  async build({ query, vars }) {
    const results = (await query(`
      select experiment_id, display_order, metric, metric_label, metric_kind, variant, is_control, control_variant
      from experiment_results order by experiment_id, display_order`)) as unknown as ResultRow[];
    const aggregates = (await query(`
      select experiment_id, variant, metric, users::double as users, y_sum::varchar as y_sum, y_sum_of_squares::varchar as y_sum_of_squares,
          x_sum::varchar as x_sum, x_sum_of_squares::varchar as x_sum_of_squares, xy_sum::varchar as xy_sum,
          users_with_pre_period::double as users_with_pre_period
      from int_experiment_cuped_aggregated order by all`)) as unknown as CupedAggregateRow[];
    return buildCuped(results, aggregates, settingsFromVars(vars));
  },
};

export default model;
