// What a page says when the build has no data for it: which source is missing and where to set it.
// It promises nothing about the rest of the page, which may show other sources' figures (the
// cohorts page shows purchasers when there are no visitors).
import { html } from "npm:htl";

export function NoData(table, { what = "This report" } = {}) {
  return html`<div class="note no-data" data-missing=${table}><p><b>${what} needs <code>${table}</code>, and this build has none.</b>
    Point <code>sources.${table}</code> in the config file (<code>analytics.config.yml</code>, or the file named by
    <code>ANALYTICS_CONFIG</code>) at your data; until then there is nothing to show for it.</p></div>`;
}

/**
 * What a page says when a column it needs is empty in every row of its source (the source_gaps
 * mart, one row per such column): which column, where the source is configured, and what to map.
 * With `page`, only the gaps whose pages include it; the home page lists them all with the pages.
 */
export function MissingColumns(gaps, { page } = {}) {
  const shown = page === undefined ? gaps : gaps.filter((g) => (g.pages ?? []).includes(page));
  if (!shown.length) return ""; // htl gives null for an empty template, which a page would print as "null"
  return html`<div class="note no-data" data-missing-columns=${shown.map((g) => `${g.table_name}.${g.column_name}`).join(" ")}>${shown.map((g) => html`<p>
    <b>This build has no <code>${g.table_name}.${g.column_name}</code></b>: no row of the configured source fills it
    (${g.origin}), so the figures that need it are empty${page === undefined && g.page_titles?.length ? html` on ${g.page_titles.map((title, i) => html`${i ? ", " : ""}<a href=${`.${g.pages[i]}`}>${title}</a>`)}` : " on this page"}.
    Map <code>columns.${g.column_name}</code> in the config to the column that holds it.</p>`)}</div>`;
}
