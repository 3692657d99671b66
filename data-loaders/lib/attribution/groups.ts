// Reads the grouped paths (attribution_path_groups) as the PathGroup lists the data-driven models
// take, one list per conversion kind and one for all journeys together.
import type { Row } from "../../pipeline/duckdb.ts";
import type { ChannelCredit, PathGroup } from "./paths.ts";

export const pathGroupsQuery = `
    select conversion_kind, channel_path, conversions, non_conversions, revenue
    from attribution_path_groups
    order by conversion_kind, channel_path`;

/** Path groups per conversion kind; "all" merges the kinds (a path appears once, counts summed). */
export function groupsByKind(rows: Row[]): Map<string, PathGroup[]> {
  const byKind = new Map<string, Map<string, PathGroup>>();
  const add = (kind: string, path: string, row: Row) => {
    if (!byKind.has(kind)) byKind.set(kind, new Map());
    const groups = byKind.get(kind)!;
    const group = groups.get(path) ?? { channels: path.split(" > "), conversions: 0, nonConversions: 0, value: 0 };
    group.conversions += Number(row.conversions);
    group.nonConversions += Number(row.non_conversions);
    group.value += Number(row.revenue);
    groups.set(path, group);
  };
  for (const row of rows) {
    add(String(row.conversion_kind), String(row.channel_path), row);
    add("all", String(row.channel_path), row);
  }
  return new Map([...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, groups]) => [kind, [...groups.values()]]));
}

/** Credit rows of one model and kind, rounded as the heuristic credits are (see attribution-sql.js). */
export function creditRows(model: string, kind: string, credits: ChannelCredit[], extra: (channel: string) => Record<string, unknown> = () => ({})) {
  return credits
    .map((credit) => ({
      model,
      conversion_kind: kind,
      channel: credit.channel,
      conversions: Math.round(credit.conversions * 1e9) / 1e9,
      revenue: Math.round(credit.value * 1e6) / 1e6,
      ...extra(credit.channel),
    }))
    .sort((a, b) => a.channel.localeCompare(b.channel));
}

export const creditColumns = { model: "VARCHAR", conversion_kind: "VARCHAR", channel: "VARCHAR", conversions: "DOUBLE", revenue: "DOUBLE" };
