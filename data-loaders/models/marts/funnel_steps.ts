// Per funnel, breakdown value and step: entered, converted, dropped, still in window, and the
// conversion from the previous and the first step with 95% Wilson intervals. Breakdown "(all)" is
// the whole funnel. SQL from src/components/funnel-sql.js, the same the page runs in the browser.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { isVariantBreakdown, stepsFromAttemptsSql, withVariantSql } from "../../../src/components/funnel-sql.js";
import { readFunnelDefinitions } from "../../lib/funnels/definitions.ts";
import { attemptsOf, expandedBreakdowns, funnelFiles, stacked } from "../../lib/funnels/marts.ts";

const model: TsModel = {
  description: "Funnel steps per breakdown value, with counts and Wilson intervals.",
  dependsOn: ["int_funnel_attempts", "funnel_experiment_variants"],
  files: funnelFiles,
  columns: {
    funnel: "VARCHAR", breakdown: "VARCHAR", value: "VARCHAR", step_index: "INTEGER", step_name: "VARCHAR",
    entered: "BIGINT", converted: "BIGINT", dropped: "BIGINT", still_in_window: "BIGINT",
    rate_units: "BIGINT", rate_previous_units: "BIGINT", rate_first_units: "BIGINT",
    conversion_from_previous: "DOUBLE", conversion_from_previous_low: "DOUBLE", conversion_from_previous_high: "DOUBLE",
    conversion_from_first: "DOUBLE", conversion_from_first_low: "DOUBLE", conversion_from_first_high: "DOUBLE",
  },
  async sql({ query }) {
    const funnels = readFunnelDefinitions();
    const parts = [];
    for (const f of funnels) {
      for (const b of [null, ...(await expandedBreakdowns(f, query))]) {
        // A variant is the user's, whatever the step: joined to the counted attempts by user_key.
        const attempts = b && isVariantBreakdown(b) ? withVariantSql(attemptsOf(f), b) : attemptsOf(f);
        parts.push({ funnel: f.name, breakdown: b ?? "(all)", sql: stepsFromAttemptsSql(f, attempts, { value: b ? `by_${b}` : "value" }) });
      }
    }
    return stacked(parts);
  },
};

export default model;
