// The attribution page's paths (attribution_top_paths) and path lengths (attribution_path_lengths)
// of one kind of conversion: the table of paths, the channels on them, the paths through one
// channel, and the touches and days buckets with the shares of one-touch and same-day conversions.
import { Table } from "./table.js";
import { formatInteger, formatPercent } from "./format.js";

export function PathsTable(rows, { money }) {
  return Table(rows, {
    columns: ["path_rank", "channel_path", "touches", "conversions", "conversion_rate", "revenue"],
    header: { path_rank: "#", channel_path: "Path", touches: "Touches", conversions: "Conversions", conversion_rate: "Conv. rate", revenue: "Revenue" },
    format: { conversions: formatInteger, conversion_rate: (d) => formatPercent(d), revenue: money },
    layout: "auto",
    select: false,
    rows: 12,
  });
}

const channelsOf = (path) => path.channel_path.split(" > ");

/** Every channel on a path, alphabetical. */
export const pathChannels = (paths) => [...new Set(paths.flatMap(channelsOf))].sort();

/** The 20 paths touching `channel` with the most conversions. */
export function pathsThrough(paths, channel) {
  return paths.filter((d) => channelsOf(d).includes(channel)).sort((a, b) => b.conversions - a.conversions || a.channel_path.localeCompare(b.channel_path)).slice(0, 20);
}

/** Buckets of touches and of days to conversion, and the conversions with one touch or within a day. */
export function pathLengths(lengths, kind) {
  const rows = lengths.filter((d) => d.conversion_kind === kind);
  const bucketsOf = (measure) => rows.filter((d) => d.measure === measure).map((d) => ({ ...d, value: d.conversions }));
  const touches = bucketsOf("touches");
  const days = bucketsOf("days");
  return {
    rows,
    touches,
    days,
    converting: touches.reduce((s, d) => s + d.conversions, 0),
    oneTouch: touches.find((d) => d.bucket === "1")?.conversions ?? 0,
    sameDay: days.find((d) => d.bucket === "under 1 day")?.conversions ?? 0,
  };
}
