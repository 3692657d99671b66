// Time from the previous step to each step (median, p90, histogram bins) for every funnel.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { timeBins, timeToConvertSql } from "../../../src/components/funnel-sql.js";
import { funnelInputs, loadFunnels, optionsOf, stacked } from "../../lib/funnels/marts.ts";

const model: TsModel = {
  description: "Time to convert per funnel step: median and 90th percentile seconds from the previous step, median from the first, and histogram bins (labels in funnel-sql.js timeBins).",
  ...funnelInputs,
  columns: {
    funnel: "VARCHAR", value: "VARCHAR", step_index: "INTEGER", units: "BIGINT", median_seconds: "DOUBLE", p90_seconds: "DOUBLE", median_seconds_from_first: "DOUBLE",
    ...Object.fromEntries(timeBins.map((_, i) => [`bin_${i + 1}`, "BIGINT"])),
  },
  async build() {
    return [];
  },
  async sql({ query }) {
    const funnels = await loadFunnels(query);
    return stacked(funnels.map((f) => ({ funnel: f.name, sql: timeToConvertSql(f, optionsOf(f)) })), "");
  },
};

export default model;
