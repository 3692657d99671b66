// A CSV download whose file is built only when clicked: a day-grain cohort matrix can hold
// hundreds of thousands of cells, too many to format on every change of the page's inputs.
import { csvFormat } from "npm:d3-dsv";
import { html } from "npm:htl";
import { csvRows } from "./csv-cells.js";
import { formatCount } from "./format.js";

/**
 * `rows` is an array, or a function returning (a promise of) the rows, called on click: the
 * cohort page computes the whole day matrix only when the reader asks for the file. `count`
 * names what the label counts when the rows are not at hand ("731 cohorts").
 */
export function DownloadCsvOnClick(rows, { filename = "data.csv", label = "Download CSV", count = null } = {}) {
  const size = typeof rows === "function" ? count : formatCount(rows.length, "row");
  const link = html`<a class="download" href="#" download=${filename}>${label}${size ? ` (${size})` : ""}</a>`;
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") return;
    link.setAttribute("aria-busy", "true");
    const text = link.textContent;
    try {
      let data = rows;
      if (typeof rows === "function") {
        link.textContent = `${label}: preparing the file…`;
        data = await rows();
      }
      const url = URL.createObjectURL(new Blob([csvFormat(csvRows(data))], { type: "text/csv" }));
      const save = html`<a href=${url} download=${filename} hidden></a>`;
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      link.textContent = text;
    } catch (error) {
      link.textContent = `${text}: could not prepare the file (${error.message})`;
    } finally {
      link.removeAttribute("aria-busy");
    }
  });
  return link;
}
