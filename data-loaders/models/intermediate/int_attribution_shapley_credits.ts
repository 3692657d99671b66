// Shapley-value attribution per conversion kind: channel coalitions valued by the conversion rate
// of the journeys that touched exactly them (lib/attribution/shapley.ts; exact up to 12 channels,
// a seeded sampling estimate with its standard error beyond).
import type { TsModel } from "../../pipeline/ts-model.ts";
import { MAX_CHANNELS, shapleyAttribution } from "../../lib/attribution/shapley.ts";
import { distinctChannels } from "../../lib/attribution/paths.ts";
import { creditColumns, creditRows, groupsByKind, pathGroupsQuery } from "../../lib/attribution/groups.ts";

const model: TsModel = {
  description: "Conversions and revenue credited to each channel by Shapley values over channel coalitions, per conversion kind; exact, or sampled with a standard error when there are more than 12 channels.",
  dependsOn: ["attribution_path_groups"],
  columns: { ...creditColumns, exact: "BOOLEAN", standard_error: "DOUBLE" },
  async build({ query }) {
    const rows = [];
    for (const [kind, groups] of groupsByKind(await query(pathGroupsQuery))) {
      if (!groups.some((g) => g.conversions > 0)) continue;
      // The game is tabulated over every coalition: beyond MAX_CHANNELS channels it is not computed
      // (the page names the missing model and why) rather than failing the whole build.
      const channels = distinctChannels(groups).length;
      if (channels > MAX_CHANNELS) {
        process.stderr.write(`int_attribution_shapley_credits: ${kind} conversions have ${channels} channels, more than the ${MAX_CHANNELS} Shapley can tabulate; no Shapley credits for them (group channels in the export or seeds/channel_groups.csv)\n`);
        continue;
      }
      const result = shapleyAttribution(groups); // the library defaults, which its explanation on the page states
      rows.push(...creditRows("shapley", kind, result.credits, (channel) => ({
        exact: result.exact,
        standard_error: result.standardErrors?.[channel] ?? null,
      })));
    }
    return rows;
  },
};

export default model;
