// "Models behind this page", at the foot of each report page: the marts its figures are drawn
// from (taken from the model catalog, which finds them from the page's own data files, so no page
// keeps a list by hand), each linking to its entry on the models page with its lineage.
// `pages` is the FileAttachment of data/model_catalog.pages.json; it is fetched only when the
// reader opens the list, so a page's first view does not grow. The page is found by its address.
import { html } from "npm:htl";
import { pageAt } from "../models/lineage-graph.js";

export function ModelsBehind(pages, { pathname = location.pathname } = {}) {
  const list = html`<div class="models-behind-list"><p>Loading…</p></div>`;
  const details = html`<details class="models-behind">
    <summary>Models behind this page</summary>
    ${list}
  </details>`;
  let loaded = false;
  details.addEventListener("toggle", async () => {
    if (!details.open || loaded) return;
    loaded = true;
    const page = pageAt(await pages.json(), pathname);
    list.replaceChildren(page?.models.length ? listOf(page) : html`<p>This page reads no model.</p>`);
  });
  return details;
}

function listOf(page) {
  const prefix = "../".repeat(Math.max(0, page.path.split("/").length - 2)) || "./";
  const link = (name) => `${prefix}models/model?model=${encodeURIComponent(name)}`;
  return html`<p>The figures above are read from ${page.models.length === 1 ? "this mart" : `these ${page.models.length} marts`}. Each link shows the
    model's columns, its data tests and their latest result, and its lineage back to the source files;
    <a href="${prefix}models/">all models</a>.</p>
    <ul>${page.models.map((m) => html`<li><a href=${link(m.name)}><code>${m.name}</code></a>${m.description ? ` – ${m.description}` : ""}</li>`)}</ul>`;
}
