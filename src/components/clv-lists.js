// The predictive value page's customer lists (clv_customer_highlights): the highest predicted value
// and the likely lost but valuable, with the same columns, and the sentence under them that sums
// what the likely lost spent and counts their RFM segments.
import { html } from "npm:htl";
import { Table } from "./table.js";
import { formatInteger, formatPercent } from "./format.js";

/** A list of customers, or `empty` (a sentence) when it has none. `basis`: store_summary.value_basis. */
export function CustomerValueList(rows, { money, basis, empty }) {
  if (!rows.length) return html`<p>${empty}</p>`;
  return Table(rows, {
    columns: ["customer_id", "frequency", "days_since_last_purchase", "p_alive", "predicted_value", "monetary"],
    header: { customer_id: "customer", frequency: "repeats", days_since_last_purchase: "days quiet", p_alive: "P(alive)", predicted_value: "predicted", monetary: basis === "gross" ? "spent" : "spent, net" },
    format: { frequency: formatInteger, days_since_last_purchase: formatInteger, p_alive: (d) => formatPercent(d, 0), predicted_value: money, monetary: money },
    rows: 10,
    layout: "auto",
  });
}

/** What the likely lost spent between them, and their RFM segments, most first. */
export function LikelyLostNote(rows, { money, basis }) {
  if (!rows.length) return "";
  const spent = rows.reduce((s, d) => s + Number(d.monetary), 0);
  const segments = new Map();
  for (const d of rows) segments.set(d.rfm_segment ?? "(none)", (segments.get(d.rfm_segment ?? "(none)") ?? 0) + 1);
  const counted = [...segments].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return html`<p>The ${formatInteger(rows.length)} customers who spent the most among those with P(alive) below one half
    spent <span id="clv-lost-spent">${money(spent)}</span> between them${basis === "gross" ? "" : ", net of credit notes"}. Their RFM segments:
    ${counted.map(([segment, n]) => `${segment} ${n}`).join(", ")}.</p>`;
}
