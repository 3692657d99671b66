// A link that downloads rows as CSV, built in the browser from the rows on screen (cells written
// by csv-cells.js: ISO dates, no spreadsheet formulas).
import { csvFormat } from "npm:d3-dsv";
import { html } from "npm:htl";
import { csvRows } from "./csv-cells.js";
import { formatCount } from "./format.js";

export function DownloadCsv(rows, { filename = "data.csv", label = "Download CSV" } = {}) {
  const plain = csvRows(rows);
  const url = URL.createObjectURL(new Blob([csvFormat(plain)], { type: "text/csv" }));
  return html`<a class="download" href=${url} download=${filename}>${label} (${formatCount(plain.length, "row")})</a>`;
}
