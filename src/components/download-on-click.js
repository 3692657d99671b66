// A CSV download whose file is built only when clicked: a day-grain cohort matrix can hold
// hundreds of thousands of cells, too many to format on every change of the page's inputs.
import { csvFormat } from "npm:d3-dsv";
import { html } from "npm:htl";
import { csvRows } from "./csv-cells.js";
import { formatCount } from "./format.js";

export function DownloadCsvOnClick(rows, { filename = "data.csv", label = "Download CSV" } = {}) {
  const link = html`<a class="download" href="#" download=${filename}>${label} (${formatCount(rows.length, "row")})</a>`;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const url = URL.createObjectURL(new Blob([csvFormat(csvRows(rows))], { type: "text/csv" }));
    const save = html`<a href=${url} download=${filename} hidden></a>`;
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });
  return link;
}
