// Markov-chain attribution per conversion kind: a first-order chain over the grouped paths, each
// channel credited in proportion to its removal effect (lib/attribution/markov.ts).
import type { TsModel } from "../../pipeline/ts-model.ts";
import { markovAttribution } from "../../lib/attribution/markov.ts";
import { creditColumns, creditRows, groupsByKind, pathGroupsQuery } from "../../lib/attribution/groups.ts";

const model: TsModel = {
  description: "Conversions and revenue credited to each channel by the Markov-chain model (removal effects of an absorbing chain), per conversion kind, with each channel's removal effect.",
  dependsOn: ["attribution_path_groups"],
  columns: { ...creditColumns, removal_effect: "DOUBLE" },
  async build({ query }) {
    const rows = [];
    for (const [kind, groups] of groupsByKind(await query(pathGroupsQuery))) {
      if (!groups.some((g) => g.conversions > 0)) continue;
      const result = markovAttribution(groups);
      rows.push(...creditRows("markov", kind, result.credits, (channel) => ({ removal_effect: result.removalEffects[channel] ?? null })));
    }
    return rows;
  },
};

export default model;
