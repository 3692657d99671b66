// Each channel's credit under every attribution model (attribution_channel_credits), for one kind
// of conversion and one measure: the model that gives it least and most, the spread between them,
// and a table row per channel (a column per model), channels with the highest credit first.

/** `measure`: "conversions" or "revenue". */
export function channelSpread(credits, { kind, measure }) {
  const shareColumn = measure === "conversions" ? "conversion_share" : "revenue_share";
  const shown = credits.filter((d) => d.conversion_kind === kind);
  const perChannel = [...new Set(shown.map((d) => d.channel))].map((channel) => {
    const rows = shown.filter((d) => d.channel === channel);
    const low = rows.reduce((a, b) => (b[shareColumn] < a[shareColumn] ? b : a));
    const high = rows.reduce((a, b) => (b[shareColumn] > a[shareColumn] ? b : a));
    return { channel, low, high, spread: high[shareColumn] - low[shareColumn], rows };
  }).sort((a, b) => b.high[shareColumn] - a.high[shareColumn]);
  return {
    shareColumn,
    shown,
    // The channel the models disagree on most.
    widest: perChannel.reduce((a, b) => (b.spread > a.spread ? b : a), perChannel[0]),
    tableRows: perChannel.map(({ channel, spread, rows }) => ({ channel, ...Object.fromEntries(rows.map((d) => [d.model, d[measure]])), spread_points: 100 * spread })),
  };
}
