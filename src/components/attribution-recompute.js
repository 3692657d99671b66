// The attribution page's recomputation of the heuristic models in DuckDB-wasm, with the reader's
// lookback window and half-life, by the build's own SQL (attribution-sql.js); at the build's
// settings, how far it is from the build's credits (it must be equal).
import { heuristicCreditsSql, heuristicModels } from "./attribution-sql.js";

/** `db`: a DuckDB client with the tables journeys and touches; `summary`: attribution_summary. */
export async function recomputeHeuristics(db, { summary, lookback, halfLife }) {
  const sql = heuristicCreditsSql({ journeys: "journeys", touches: "touches", lookbackDays: lookback, halfLifeDays: halfLife, shares: { first: summary.position_first, middle: summary.position_middle, last: summary.position_last } });
  return Array.from(await db.query(sql), (d) => ({ model: d.model, conversion_kind: d.conversion_kind, channel: d.channel, conversions: Number(d.conversions), revenue: Number(d.revenue) }));
}

/** Figures compared with the build's credits, the largest difference, and figures one side lacks. */
export function agreementWithBuild(credits, rows) {
  const built = new Map(credits.filter((d) => heuristicModels.includes(d.model)).map((d) => [`${d.model}|${d.conversion_kind}|${d.channel}`, d]));
  let compared = 0, largest = 0, missing = 0;
  for (const row of rows) {
    const build = built.get(`${row.model}|${row.conversion_kind}|${row.channel}`);
    if (!build) { missing++; continue; }
    compared++;
    largest = Math.max(largest, Math.abs(build.conversions - row.conversions), Math.abs(build.revenue - row.revenue));
  }
  // A build figure the browser lacks counts too (zero credits need no row).
  missing += Math.max(0, [...built.values()].filter((d) => d.conversions !== 0).length - compared);
  return { compared, largest, missing, equal: missing === 0 && largest < 1e-6 };
}

/** A row per channel (alphabetical), a column per heuristic model, for one kind and measure. */
export function heuristicsByChannel(rows, { kind, measure }) {
  const own = rows.filter((d) => d.conversion_kind === kind);
  return [...new Set(own.map((d) => d.channel))].sort().map((channel) => ({
    channel,
    ...Object.fromEntries(heuristicModels.map((m) => [m, own.find((d) => d.model === m && d.channel === channel)?.[measure] ?? 0])),
  }));
}
