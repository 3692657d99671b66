// The segment migration page's build data as the page uses it: the pairs of consecutive snapshots
// (segment_migration_summary) with dates as "YYYY-MM-DD", every snapshot with the last day of
// history it sees, and the flows (segment_migration_flows, shipped as a list per column) as rows.
import { html } from "npm:htl";
import { formatCount, formatDate, formatInteger, formatPercent } from "./format.js";

/** "YYYY-MM-DD" of a date given as text or epoch milliseconds. */
export const day = (value) => (typeof value === "string" ? value.slice(0, 10) : new Date(value).toISOString().slice(0, 10));

export function migrationPeriods(summaryRows, flowColumns) {
  const pairs = summaryRows
    .map((d) => ({ ...d, from_snapshot: day(d.from_snapshot), to_snapshot: day(d.to_snapshot), from_as_of_date: day(d.from_as_of_date), to_as_of_date: day(d.to_as_of_date) }))
    .sort((a, b) => a.from_snapshot.localeCompare(b.from_snapshot));
  const snapshots = [...new Map(pairs.flatMap((d) => [[d.from_snapshot, d.from_as_of_date], [d.to_snapshot, d.to_as_of_date]]))].map(([snapshot, asOf]) => ({ snapshot, asOf }));
  const flows = (flowColumns.customers ?? []).map((_, i) => Object.fromEntries(Object.keys(flowColumns).map((key) => [key, flowColumns[key][i]])));
  return {
    pairs,
    snapshots,
    latest: pairs.at(-1),
    /** A snapshot labelled by the last day of history it sees. */
    asOfLabel: (snapshot) => formatDate(snapshots.find((d) => d.snapshot === snapshot)?.asOf),
    flowsOf: (from, to) => flows.filter((d) => d.from_snapshot === from && d.to_snapshot === to),
  };
}

/** The story of the latest period, in figures read from the flows; the last year of periods at most for the averages. */
export function MigrationNarrative({ pairs, latest, asOfLabel, flowsOf }, { money }) {
  if (!latest) return html`<p>No migration yet: the history needs at least two snapshots with customers.</p>`;
  const last = flowsOf(latest.from_snapshot, latest.to_snapshot);
  const slip = last.filter((d) => d.direction === "slipped").sort((a, b) => b.revenue_year_before - a.revenue_year_before)[0];
  const up = last.filter((d) => d.direction === "improved").sort((a, b) => b.customers - a.customers)[0];
  // The first periods of a store hold few customers.
  const recent = pairs.slice(-12);
  const worst = [...recent].sort((a, b) => (b.slipped_share ?? 0) - (a.slipped_share ?? 0))[0];
  const meanSlipped = recent.reduce((s, d) => s + (d.slipped_share ?? 0), 0) / recent.length;
  const from = asOfLabel(latest.from_snapshot), to = asOfLabel(latest.to_snapshot);
  return html`<p id="migration-narrative">Between ${from} and ${to}, of the ${formatInteger(latest.customers_at_both)} customers
  present at both dates, <b>${formatPercent(latest.stayed_share)}</b> stayed in their segment, <b>${formatPercent(latest.improved_share)}</b>
  moved up and <b>${formatPercent(latest.slipped_share)}</b> slipped; ${formatCount(latest.new_customers, "new customer")} arrived.
  ${slip ? html`The costliest slip: <b>${formatInteger(slip.customers)} ${slip.from_segment}</b> of ${from} became
  <b>${slip.to_segment}</b> by ${to}, worth ${money(slip.revenue_year_before)} in the year before.` : ""}
  ${up ? html`The largest move up: ${formatInteger(up.customers)} ${up.from_segment} became ${up.to_segment}.` : ""}
  Over the last ${formatCount(recent.length, "period")}, ${formatPercent(meanSlipped)} of customers slipped in an average
  period; the most in the period to ${asOfLabel(worst.to_snapshot)} (${formatPercent(worst.slipped_share)}).</p>`;
}
