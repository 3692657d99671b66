// Who counts as active on the engagement pages: purchasers (order lines) and, where web events
// are configured, visitors. The three pages pick the source the same way, from the sources that
// engagement_summary reports with at least one user, kept in the URL as ?active=.
import * as Inputs from "npm:@observablehq/inputs";
import { html } from "npm:htl";
import { NoData } from "./no-data.js";
import { bindUrl } from "./url-state.js";

export const sourceNames = { purchasers: "Purchasers (order lines)", visitors: "Visitors (web events)" };
/** The canonical table each source reads, named when it is missing. */
export const sourceTables = { purchasers: "order_lines", visitors: "events" };

/**
 * Sources with at least one active user, in engagement_summary's order; the missing ones; and of
 * those, the empty ones: the source has rows (engagement_summary has its row) but none makes an
 * active user, e.g. every order line excluded.
 */
export function engagementSources(summaries) {
  const available = summaries.filter((d) => d.users > 0).map((d) => d.source);
  const missing = Object.keys(sourceTables).filter((s) => !available.includes(s));
  return { available, missing, empty: missing.filter((s) => summaries.some((d) => d.source === s)) };
}

/** The "Who counts as active" radio, bound to ?active=; null when no source has users. */
export function SourceInput({ available }) {
  if (!available.length) return null;
  return bindUrl(Inputs.radio(available, { label: "Who counts as active", value: available[0], format: (d) => sourceNames[d] }), "active", { options: available });
}

/** One note per missing source: "Purchaser cohorts", "Visitor activity", ...; an empty one says it has rows. */
export function MissingSources({ missing, empty = [] }, what) {
  const label = (s) => `${s === "purchasers" ? "Purchaser" : "Visitor"} ${what}`;
  const note = (s) => empty.includes(s)
    ? html`<div class="note no-data" data-empty=${sourceTables[s]}><p><b>${label(s)} has no ${peopleOf(s)} in this build:</b>
        <code>${sourceTables[s]}</code> has rows, but none counts as activity of a known ${personOf(s)} (every row excluded,
        or none with a ${personOf(s)} id). The <a href="../data-quality">data quality</a> page says where each row went.</p></div>`
    : NoData(sourceTables[s], { what: label(s) });
  return missing.length ? html`${missing.map(note)}` : "";
}

/** How the page names the source's users: "customers" or "visitors" (and one "customer"). */
export const peopleOf = (source) => (source === "visitors" ? "visitors" : "customers");
export const personOf = (source) => peopleOf(source).slice(0, -1);
