// The metric table: every experiment, metric and variant against control. Statistics in
// TypeScript (data-loaders/lib/experiments), distributions from the stdlib library.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { settingsFromVars, settingVars } from "../../lib/experiments/settings.ts";
import { buildResults, resultColumns, type AggregateRow, type MetricDefinition, type VariantRow } from "../../lib/experiments/results.ts";

const model: TsModel = {
  description: "One row per experiment, metric and variant: estimate, lift against control with intervals, tests, corrected p-value (Holm or Benjamini-Hochberg), metric role and guardrail verdict, Bayesian view, minimum detectable effect.",
  dependsOn: ["int_experiment_variants_aggregated", "int_experiment_variants_planned", "src_experiment_metrics"],
  vars: settingVars,
  columns: resultColumns,
  async build({ query, vars }) {
    const aggregates = (await query(`
      select experiment_id, variant, metric, metric_kind, users::double as users, successes::double as successes,
          value_sum::varchar as value_sum, value_sum_of_squares::varchar as value_sum_of_squares
      from int_experiment_variants_aggregated order by all`)) as unknown as AggregateRow[];
    const variants = (await query(`
      select experiment_id, variant, is_control from int_experiment_variants_planned order by all`)) as unknown as VariantRow[];
    const definitions = (await query(`
      select metric, label, kind, role, harm_threshold, harm_direction, position::double as position
      from src_experiment_metrics order by position`)) as unknown as MetricDefinition[];
    return buildResults(aggregates, variants, settingsFromVars(vars), definitions);
  },
};

export default model;
