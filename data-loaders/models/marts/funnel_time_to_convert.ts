// Time from the previous step to each step (median, p90, histogram bins) for every funnel.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { timeBins, timeToConvertFromAttemptsSql } from "../../../src/components/funnel-sql.js";
import { readFunnelDefinitions } from "../../lib/funnels/definitions.ts";
import { attemptsOf, funnelFiles, stacked } from "../../lib/funnels/marts.ts";

const model: TsModel = {
  description: "Time to convert per funnel step: median and 90th percentile seconds from the previous step, median from the first, and histogram bins (labels in funnel-sql.js timeBins).",
  dependsOn: ["int_funnel_attempts"],
  files: funnelFiles,
  columns: {
    funnel: "VARCHAR", value: "VARCHAR", step_index: "INTEGER", units: "BIGINT", median_seconds: "DOUBLE", p90_seconds: "DOUBLE", median_seconds_from_first: "DOUBLE",
    ...Object.fromEntries(timeBins.map((_, i) => [`bin_${i + 1}`, "BIGINT"])),
  },
  async sql() {
    const funnels = readFunnelDefinitions();
    return stacked(funnels.map((f) => ({ funnel: f.name, sql: timeToConvertFromAttemptsSql(f, attemptsOf(f)) })));
  },
};

export default model;
