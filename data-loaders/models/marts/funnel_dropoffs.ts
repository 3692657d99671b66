// Who dropped at each step of each funnel (window closed, next step not reached): their last event
// inside the window, the next event they did, device and channel at the step.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { dropoffsFromAttemptsSql } from "../../../src/components/funnel-sql.js";
import { readFunnelDefinitions } from "../../lib/funnels/definitions.ts";
import { attemptsOf, funnelFiles, stacked } from "../../lib/funnels/marts.ts";

const model: TsModel = {
  description: "Units that dropped after a funnel step, with their last event in the window and the next event after the step.",
  dependsOn: ["int_funnel_attempts", "funnel_events"],
  files: funnelFiles,
  columns: {
    funnel: "VARCHAR", user_id: "VARCHAR", session_id: "VARCHAR", value: "VARCHAR", dropped_after_step: "INTEGER", step_at: "TIMESTAMP",
    last_event: "VARCHAR", last_event_at: "TIMESTAMP", next_event: "VARCHAR", next_event_at: "TIMESTAMP", device_category: "VARCHAR", channel: "VARCHAR",
  },
  async sql() {
    const funnels = readFunnelDefinitions();
    return stacked(funnels.map((f) => ({ funnel: f.name, sql: dropoffsFromAttemptsSql(f, attemptsOf(f)) })));
  },
};

export default model;
