// The sample-ratio check per slice of device, country and channel, to point at where a split
// fails. Statistics in data-loaders/lib/experiments/breakdowns.ts.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { buildSliceSrm, sliceSrmColumns, type PlannedVariantRow, type SliceUsersRow } from "../../lib/experiments/breakdowns.ts";

const model: TsModel = {
  description: "One row per experiment, breakdown slice and variant: users against the planned share, the slice's chi-square, p-value, Benjamini-Hochberg p-value across slices and status.",
  dependsOn: ["int_experiment_users_sliced", "int_experiment_variants_planned"],
  columns: sliceSrmColumns,
  async build({ query }) {
    const counts = (await query(`
      with users as (select * from int_experiment_users_sliced),
      sliced as (
          select experiment_id, variant, 'device' as dimension, device as slice from users
          union all
          select experiment_id, variant, 'country' as dimension, country as slice from users
          union all
          select experiment_id, variant, 'channel' as dimension, channel as slice from users
      )
      select experiment_id, dimension, slice, variant, count(*)::double as users
      from sliced group by all order by all`)) as unknown as SliceUsersRow[];
    const variants = (await query(`
      select experiment_id, variant, is_control, planned_share from int_experiment_variants_planned order by all`)) as unknown as PlannedVariantRow[];
    return buildSliceSrm(counts, variants);
  },
};

export default model;
