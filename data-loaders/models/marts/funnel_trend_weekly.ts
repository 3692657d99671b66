// Conversion from the first to the last step by ISO week of entry, for every funnel.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { trendFromAttemptsSql } from "../../../src/components/funnel-sql.js";
import { readFunnelDefinitions } from "../../lib/funnels/definitions.ts";
import { attemptsOf, funnelFiles, stacked } from "../../lib/funnels/marts.ts";

const model: TsModel = {
  description: "Funnel conversion by week of entry (Monday), still-in-window units apart, with Wilson intervals.",
  dependsOn: ["int_funnel_attempts"],
  files: funnelFiles,
  columns: {
    funnel: "VARCHAR", value: "VARCHAR", entry_week: "DATE", entered: "BIGINT", still_in_window: "BIGINT", rate_units: "BIGINT", completed: "BIGINT",
    conversion: "DOUBLE", conversion_low: "DOUBLE", conversion_high: "DOUBLE",
  },
  async sql() {
    const funnels = readFunnelDefinitions();
    return stacked(funnels.map((f) => ({ funnel: f.name, sql: trendFromAttemptsSql(f, attemptsOf(f)) })));
  },
};

export default model;
