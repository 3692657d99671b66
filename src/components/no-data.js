// What a page says when the build has no data for it: which source is missing and where to set it.
// It promises nothing about the rest of the page, which may show other sources' figures (the
// cohorts page shows purchasers when there are no visitors).
import { html } from "npm:htl";

export function NoData(table, { what = "This report" } = {}) {
  return html`<div class="note no-data" data-missing=${table}><p><b>${what} needs <code>${table}</code>, and this build has none.</b>
    Point <code>sources.${table}</code> in the config file (<code>analytics.config.yml</code>, or the file named by
    <code>ANALYTICS_CONFIG</code>) at your data; until then there is nothing to show for it.</p></div>`;
}
