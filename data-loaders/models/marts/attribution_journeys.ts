// One row per journey (a conversion, or a user's touches that did not convert) with its path in
// the lookback window. The window is the shared definition of src/components/attribution-sql.js.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { attributionSettings, attributionVars } from "../../lib/attribution/settings.ts";
import { journeyPathsSql } from "../../../src/components/attribution-sql.js";

const model: TsModel = {
  description: "One row per journey: origin, conversion kind, conversions and non-conversions it stands for, revenue, its channel path in the lookback window, touches and days from the first of them to the end.",
  // The shared SQL module is hashed too, so an edit to it rebuilds this model.
  files: ["src/components/attribution-sql.js"],
  dependsOn: ["int_attribution_journeys", "int_attribution_journey_touches"],
  vars: attributionVars,
  columns: {
    journey_id: "INTEGER",
    origin: "VARCHAR",
    conversion_kind: "VARCHAR",
    conversions: "DOUBLE",
    non_conversions: "DOUBLE",
    revenue: "DOUBLE",
    revenue_source: "VARCHAR",
    channel_path: "VARCHAR",
    touches: "INTEGER",
    days_to_end: "DOUBLE",
  },
  sql({ vars }) {
    const { lookbackDays } = attributionSettings(vars);
    return journeyPathsSql({ journeys: "int_attribution_journeys", touches: "int_attribution_journey_touches", lookbackDays });
  },
};

export default model;
