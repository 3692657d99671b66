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

/** Sources with at least one active user, in engagement_summary's order, and the missing ones. */
export function engagementSources(summaries) {
  const available = summaries.filter((d) => d.users > 0).map((d) => d.source);
  return { available, missing: Object.keys(sourceTables).filter((s) => !available.includes(s)) };
}

/** The "Who counts as active" radio, bound to ?active=; null when no source has users. */
export function SourceInput({ available }) {
  if (!available.length) return null;
  return bindUrl(Inputs.radio(available, { label: "Who counts as active", value: available[0], format: (d) => sourceNames[d] }), "active", { options: available });
}

/** One note per missing source: "Purchaser cohorts", "Visitor activity", ... */
export function MissingSources({ missing }, what) {
  return missing.length ? html`${missing.map((s) => NoData(sourceTables[s], { what: `${s === "purchasers" ? "Purchaser" : "Visitor"} ${what}` }))}` : "";
}

/** How the page names the source's users: "customers" or "visitors" (and one "customer"). */
export const peopleOf = (source) => (source === "visitors" ? "visitors" : "customers");
export const personOf = (source) => peopleOf(source).slice(0, -1);
