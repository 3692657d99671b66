// Conversion from the first to the last step by ISO week of entry, for every funnel.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { trendSql } from "../../../src/components/funnel-sql.js";
import { funnelInputs, loadFunnels, optionsOf, stacked } from "../../lib/funnels/marts.ts";

const model: TsModel = {
  description: "Funnel conversion by week of entry (Monday), still-in-window units apart, with Wilson intervals.",
  ...funnelInputs,
  columns: {
    funnel: "VARCHAR", value: "VARCHAR", entry_week: "DATE", entered: "BIGINT", still_in_window: "BIGINT", rate_units: "BIGINT", completed: "BIGINT",
    conversion: "DOUBLE", conversion_low: "DOUBLE", conversion_high: "DOUBLE",
  },
  async build() {
    return [];
  },
  async sql({ query }) {
    const funnels = await loadFunnels(query);
    return stacked(funnels.map((f) => ({ funnel: f.name, sql: trendSql(f, optionsOf(f)) })), "");
  },
};

export default model;
