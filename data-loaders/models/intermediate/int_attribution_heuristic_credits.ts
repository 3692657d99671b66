// The six heuristic models' credits per conversion kind and channel, from the SQL the attribution
// page also runs in the browser (src/components/attribution-sql.js).
import type { TsModel } from "../../pipeline/ts-model.ts";
import { attributionSettings, attributionVars } from "../../lib/attribution/settings.ts";
import { heuristicCreditsSql } from "../../../src/components/attribution-sql.js";

const model: TsModel = {
  description: "Conversions and revenue credited to each channel by first touch, last touch, last non-direct, linear, time decay and position-based, per conversion kind.",
  // The shared SQL module is hashed too, so an edit to it rebuilds this model.
  files: ["src/components/attribution-sql.js"],
  dependsOn: ["attribution_journeys", "attribution_journey_touches", "attribution_position_shares"],
  vars: attributionVars,
  columns: { model: "VARCHAR", conversion_kind: "VARCHAR", channel: "VARCHAR", conversions: "DOUBLE", revenue: "DOUBLE" },
  async build({ query, vars }) {
    const { lookbackDays, halfLifeDays } = attributionSettings(vars);
    const shareRows = await query("select position, share from attribution_position_shares");
    const shares = Object.fromEntries(shareRows.map((row) => [String(row.position), Number(row.share)]));
    return query(heuristicCreditsSql({ journeys: "attribution_journeys", touches: "attribution_journey_touches", lookbackDays, halfLifeDays, shares }));
  },
};

export default model;
