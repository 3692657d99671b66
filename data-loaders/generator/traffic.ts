// Channels as analytics tools record them: each channel is a few source / medium / campaign
// combinations. Sessions carry one of these rows (an index into `traffic`).
import { channels } from "./parameters.ts";
import { cumulative, Random } from "./random.ts";

export interface TrafficRow {
  channel: string;
  source: string;
  medium: string;
  campaign: string | null;
}

export const traffic: TrafficRow[] = channels.flatMap((c) =>
  c.traffic.map((t) => ({ channel: c.name, source: t.source, medium: t.medium, campaign: t.campaign })),
);

const firstRow = channels.map((_, c) => channels.slice(0, c).reduce((n, ch) => n + ch.traffic.length, 0));
const rowWeights = channels.map((c) => cumulative(c.traffic.map((t) => t.weight)));

export const channelMix = {
  firstTouch: cumulative(channels.map((c) => c.firstTouch)),
  laterTouch: cumulative(channels.map((c) => c.laterTouch)),
  retention: cumulative(channels.map((c) => c.retention)),
};

/** A traffic row of the given channel. */
export function trafficOf(random: Random, channel: number): number {
  const weights = rowWeights[channel];
  return firstRow[channel] + (weights.length === 1 ? 0 : random.pick(weights));
}

/** Channel index of a traffic row. */
export const channelOfTraffic = Int8Array.from(traffic, (row) => channels.findIndex((c) => c.name === row.channel));
