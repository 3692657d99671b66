// First view of the report's breakdowns: the columns the page shows (the mart adds the test used
// and each slice's warnings, for download), compact, as the slices make it one of the larger files.
// Values and lifts to 6 decimals (the page shows rates to a hundredth of a point and money to the
// cent); p-values whole, as the page compares them with alpha.
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";

const rounded = ["control_value", "value", "abs_lift", "abs_lift_ci_low", "abs_lift_ci_high", "rel_lift", "rel_lift_ci_low", "rel_lift_ci_high"];

await emitSummary(["experiment_breakdowns"], {
  rows: `SELECT experiment_id, metric, metric_label, metric_kind, dimension, slice, variant, control_users, users,
      ${rounded.map((c) => `round(${c}, 6) AS ${c}`).join(", ")}, p_value, comparisons, p_value_adjusted, significant
    FROM experiment_breakdowns ORDER BY experiment_id, metric, dimension, slice, variant`,
}, { compact: true });
