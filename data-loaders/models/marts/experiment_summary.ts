// One row per experiment: checks first (sample ratio, data enough, windows closed), then the
// verdict on the primary metric.
import type { TsModel } from "../../pipeline/ts-model.ts";
import type { ResultRow } from "../../lib/experiments/results.ts";
import { settingsFromVars, settingVars, windowDaysFromVars, windowVar } from "../../lib/experiments/settings.ts";
import { buildSummary, summaryColumns, type AllocationRow, type ExperimentFacts, type LedgerRow } from "../../lib/experiments/summary.ts";

const model: TsModel = {
  description: "One row per experiment: sample-ratio check, data sufficiency, status and the verdict on the primary metric after Holm's correction.",
  dependsOn: ["experiment_allocation", "experiment_assignment_ledger", "experiment_results", "int_experiment_users_measured", "int_experiment_variants_planned", "stg_experiments__assignments"],
  vars: [...settingVars, windowVar],
  columns: summaryColumns,
  async build({ query, vars }) {
    const allocation = (await query(`
      select experiment_id, variant, is_control, users::double as users, planned_share, share_rule
      from experiment_allocation order by all`)) as unknown as AllocationRow[];
    const ledger = (await query(`
      select experiment_id, stage, outcome, assignment_rows::double as assignment_rows, users::double as users
      from experiment_assignment_ledger order by all`)) as unknown as LedgerRow[];
    const facts = (await query(`
      with users as (
          select
              experiment_id,
              strftime(min(assigned_at), '%Y-%m-%d %H:%M:%S.%f') as first_assigned_at,
              strftime(max(assigned_at), '%Y-%m-%d %H:%M:%S.%f') as last_assigned_at,
              string_agg(distinct outcome_source, ' and ' order by outcome_source) as outcome_source
          from int_experiment_users_measured
          group by all
      ),
      overlap as (
          select
              kept.experiment_id,
              count(distinct kept.user_id) as kept_users_with_excluded_rows,
              count(distinct kept.user_id) filter (where excluded.variant <> kept.variant) as kept_users_excluded_in_other_variant
          from stg_experiments__assignments as kept
          inner join stg_experiments__assignments as excluded
              on kept.experiment_id = excluded.experiment_id and kept.user_id = excluded.user_id
          where is_kept(kept.exclusion_reason) and not is_kept(excluded.exclusion_reason)
          group by all
      ),
      controls as (
          select experiment_id, any_value(control_rule) as control_rule
          from int_experiment_variants_planned
          group by all
      )
      select
          controls.experiment_id, controls.control_rule, users.first_assigned_at, users.last_assigned_at, users.outcome_source,
          coalesce(overlap.kept_users_with_excluded_rows, 0)::double as kept_users_with_excluded_rows,
          coalesce(overlap.kept_users_excluded_in_other_variant, 0)::double as kept_users_excluded_in_other_variant
      from controls
      left join users on controls.experiment_id = users.experiment_id
      left join overlap on controls.experiment_id = overlap.experiment_id
      order by all`)) as unknown as ExperimentFacts[];
    const results = (await query(`select * from experiment_results order by all`)) as unknown as ResultRow[];
    return buildSummary(allocation, ledger, facts, results.map(plainNumbers), settingsFromVars(vars), windowDaysFromVars(vars));
  },
};

function plainNumbers(row: ResultRow): ResultRow {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])) as ResultRow;
}

export default model;
