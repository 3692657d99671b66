// Where the units that dropped at each step of each funnel (window closed, next step not reached)
// went: how many had each last event inside the window and each next event after the step, as
// int_funnel_attempts carries them (found with the attempts, in funnel-chains.js). The list of who
// dropped (one row per unit, with device and channel) is not published here: the page computes it
// on demand from its own counted attempts with the same code, so the build does not write millions
// of rows nobody reads.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { dropoffCountsSql } from "../../../src/components/funnel-sql.js";
import { readFunnelDefinitions } from "../../lib/funnels/definitions.ts";
import { attemptsOf, funnelFiles } from "../../lib/funnels/marts.ts";

const model: TsModel = {
  description: "Units that dropped after a funnel step, counted by their last event in the window and the next event after the step.",
  dependsOn: ["int_funnel_attempts"],
  files: funnelFiles,
  columns: { funnel: "VARCHAR", dropped_after_step: "INTEGER", last_event: "VARCHAR", next_event: "VARCHAR", units: "BIGINT" },
  async sql() {
    const funnels = readFunnelDefinitions();
    if (!funnels.length) return "";
    return dropoffCountsSql(funnels.map((f) => ({ name: f.name, funnel: f, attempts: attemptsOf(f) })));
  },
};

export default model;
