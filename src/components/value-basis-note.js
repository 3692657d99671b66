// The rule behind every customer value figure (spend, AOV, lifetime value, tiers, top customers),
// stated from the build's own setting and counts (store_summary), so each customer page says the same.
import { html } from "npm:htl";
import { formatInteger } from "./format.js";

export function ValueBasisNote(summary) {
  const count = formatInteger;
  if (summary.value_basis === "gross") {
    return html`<p class="value-basis" id="value-basis"><b>Customer value is gross.</b> Spend, average order value,
      lifetime value and tiers count every kept purchase; credit notes and cancellations are ignored
      (<code>customer_value_basis: gross</code> in the config; <code>net</code> sets them against the purchases).</p>`;
  }
  const none = Number(summary.customers_no_net_value);
  return html`<p class="value-basis" id="value-basis"><b>Customer value is net of cancellations and returns.</b> A
    customer's spend (and so average order value, lifetime value, tiers and the top customers) is what they bought less
    the credit notes matched to them: a credit note that names a product is set against what the customer bought of
    that product, at most all of it; one that names no product (a manual correction or discount) against the customer;
    refunds of postage and other charges are not netted. An order a credit note cancelled in full, for exactly its
    value, is not a purchase: it counts in neither orders nor recency. ${none === 0
      ? "No customer is left without value."
      : html`${count(none)} ${none === 1 ? "customer is" : "customers are"} left with no net value (everything they
        bought came back, or every order was cancelled): they form their own group, <b>No net value</b>, counted among
        the ${count(summary.customers)} customers but not scored, tiered or ranked.`}
    (<code>customer_value_basis: gross</code> in the config ignores credit notes.)</p>`;
}
