// The checked funnel definitions of seeds/funnels.yml as the page shows them, with each one's
// full specification as JSON so the page recomputes exactly that funnel.
import type { TsModel } from "../../pipeline/ts-model.ts";
import { stepLabel } from "../../../src/components/funnel-sql.js";
import { funnelFiles, loadFunnelsWithStatus } from "../../lib/funnels/marts.ts";

const model: TsModel = {
  description: "Funnel definitions (seeds/funnels.yml) after validation; unavailable_reason says why a funnel is not computed on these events.",
  dependsOn: ["funnel_events"],
  files: funnelFiles,
  columns: {
    position: "INTEGER", funnel: "VARCHAR", description: "VARCHAR", steps: "VARCHAR", step_count: "INTEGER", window: "VARCHAR", window_seconds: "BIGINT",
    order_mode: "VARCHAR", unit: "VARCHAR", exclusions: "VARCHAR", breakdowns: "VARCHAR", attribution: "VARCHAR", hold_constant: "VARCHAR",
    entry_from: "DATE", entry_to: "DATE", counting: "VARCHAR", definition_json: "VARCHAR", unavailable_reason: "VARCHAR",
  },
  async build({ query }) {
    const funnels = await loadFunnelsWithStatus(query);
    for (const { funnel, unavailable } of funnels) {
      if (unavailable) process.stderr.write(`warning: funnel "${funnel.name}" of seeds/funnels.yml is not computed: ${unavailable}\n`);
    }
    return funnels.map(({ funnel: f, unavailable }, i) => ({
      position: i + 1,
      funnel: f.name,
      description: f.description,
      steps: f.steps.map(stepLabel).join(" → "),
      step_count: f.steps.length,
      window: f.window,
      window_seconds: f.windowSeconds,
      order_mode: f.order,
      unit: f.unit,
      exclusions: (f.exclusions ?? []).map((x) => `${stepLabel(x)} between steps ${x.after} and ${x.before}`).join("; "),
      breakdowns: f.breakdowns.join(", "),
      attribution: String(f.attribution),
      hold_constant: (f.holdConstant ?? []).join(", "),
      entry_from: f.entryFrom,
      entry_to: f.entryTo,
      counting: f.counting,
      definition_json: JSON.stringify(f),
      unavailable_reason: unavailable,
    }));
  },
};

export default model;
