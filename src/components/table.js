// Inputs.table with every header a word: the headers a page names win, every other column gets
// columnLabel(name) (format.js), so no table shows "recency_days" or "one_off_price_change".
//
// Printing. Inputs.table draws rows as the reader scrolls its box, so paper would get only the
// rows drawn so far (about 23). Before printing, each table is filled to PRINT_ROWS rows in the
// order shown on screen (the reader's sort and filter kept), and a longer table says on paper that
// it is cut and where the rest is: a PDF forwarded to a stakeholder should carry the rows they read
// first (top customers, biggest products) and say plainly that it is not the whole list, not print
// a hundred pages of a 4,000-customer list nor silently stop after 23.
import * as Inputs from "npm:@observablehq/inputs";
import { columnLabel, dash, formatInteger } from "./format.js";

/** Most rows a table prints; print.css shows the note of a longer one. */
export const PRINT_ROWS = 100;

/** The column names of rows (an array of objects, an Arrow table or a DuckDB result). */
function columnNames(data, columns) {
  if (columns) return columns;
  const fields = data?.schema?.fields;
  if (fields) return fields.map((f) => f.name);
  const first = Array.isArray(data) ? data[0] : data?.get?.(0) ?? data?.[0];
  return first ? Object.keys(first) : [];
}

/** How many rows the data holds (an array, an Arrow table, a DuckDB result). */
function rowCount(data) {
  return Number(data?.numRows ?? data?.length ?? 0);
}

/** What paper says under a table cut at PRINT_ROWS rows. */
export function printNote(total, printed = PRINT_ROWS) {
  return `Printed: the first ${formatInteger(printed)} of ${formatInteger(total)} rows, in the order shown on screen. The whole table is on the report's page.`;
}

export function Table(data, options = {}) {
  const header = Object.fromEntries(columnNames(data, options.columns).map((name) => [name, columnLabel(name)]));
  const form = Inputs.table(data, { ...options, header: { ...header, ...options.header } });
  showMissingAsDash(form);
  const total = rowCount(data);
  form.dataset.printRows = String(Math.min(total, PRINT_ROWS));
  if (total > PRINT_ROWS) form.dataset.printNote = printNote(total);
  return form;
}

/**
 * Inputs.table formats defined values only and leaves the cell of a missing one (null, NaN) with
 * no content, which reads as a rendering fault; such cells get format.js's dash, in the rows drawn
 * now and in those drawn later (scrolling, sorting).
 */
function showMissingAsDash(form) {
  const body = form.querySelector("tbody");
  if (!body) return;
  // The first cell of a row holds the row's select box; a formatted value is always a child node.
  const fill = () => {
    for (const row of body.rows) for (const cell of [...row.cells].slice(1)) if (!cell.hasChildNodes()) cell.textContent = dash;
  };
  fill();
  new MutationObserver(fill).observe(body, { childList: true });
}

/**
 * Draws the rows each table prints (Inputs.table adds rows when its box is scrolled near the end,
 * so the box is made one pixel tall and scrolled to its end until enough are drawn), and marks
 * drawn rows past PRINT_ROWS so print.css leaves them off paper.
 */
export function fillTablesForPrint(root = document) {
  for (const form of root.querySelectorAll("form[data-print-rows]")) {
    const wanted = Number(form.dataset.printRows);
    const body = form.querySelector("tbody");
    if (!body) continue;
    const saved = [form.style.getPropertyValue("max-height"), form.style.getPropertyPriority("max-height"), form.style.getPropertyValue("overflow-y"), form.style.getPropertyPriority("overflow-y")];
    form.style.setProperty("max-height", "1px", "important");
    form.style.setProperty("overflow-y", "auto", "important");
    for (let drawn = body.rows.length; drawn < wanted; ) {
      form.scrollTop = form.scrollHeight;
      form.dispatchEvent(new Event("scroll"));
      if (body.rows.length === drawn) break; // the table has no more rows to draw
      drawn = body.rows.length;
    }
    form.style.setProperty("max-height", saved[0], saved[1]);
    form.style.setProperty("overflow-y", saved[2], saved[3]);
    form.scrollTop = 0;
    for (const [i, row] of Array.from(body.rows).entries()) row.classList.toggle("print-omitted", i >= PRINT_ROWS);
  }
}

// Once per page: before the browser lays the page out for paper (Print, Save as PDF).
if (typeof window !== "undefined" && !window.__tablesFillForPrint) {
  window.__tablesFillForPrint = true;
  window.addEventListener("beforeprint", () => fillTablesForPrint());
}
