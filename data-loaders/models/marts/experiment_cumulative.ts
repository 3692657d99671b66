// Cumulative conversion lift by day of assignment, with Newcombe intervals, for the over-time chart.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { buildCumulative, cumulativeColumns, type DayRow } from "../../lib/experiments/cumulative.ts";
import { settingsFromVars, settingVars } from "../../lib/experiments/settings.ts";

const model: TsModel = {
  description: "Per experiment, variant and day of assignment: cumulative users, conversions and lift over control with its interval.",
  dependsOn: ["int_experiment_days_aggregated", "int_experiment_variants_planned"],
  vars: settingVars,
  columns: cumulativeColumns,
  async build({ query, vars }) {
    const days = (await query(`
      select experiment_id, variant, strftime(assigned_date, '%Y-%m-%d') as assigned_date, users::double as users, conversions::double as conversions
      from int_experiment_days_aggregated order by all`)) as unknown as DayRow[];
    const variants = (await query(`
      select experiment_id, variant, is_control from int_experiment_variants_planned order by all`)) as unknown as { experiment_id: string; variant: string; is_control: boolean }[];
    return buildCumulative(days, variants, settingsFromVars(vars).alpha);
  },
};

export default model;
