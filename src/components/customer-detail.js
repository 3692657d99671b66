// One customer at a glance: where they stand (segment, value, churn) and their orders over time.
import * as Plot from "npm:@observablehq/plot";
import { chartWidth, labelMargin, fitLabel } from "./chart-width.js";
import { html } from "npm:htl";
import { formatCount, formatPercent } from "./format.js";

/** `clv`: the clv_settings row (its value_months names the horizon of the predicted value), when the page has it. */
export function CustomerDetail(customer, orders, { money, width = 640, clv = null } = {}) {
  width = chartWidth(width, { max: Infinity });
  const day = (value) => new Date(value).toISOString().slice(0, 10);
  const facts = [
    ["Segment", customer.rfm_cell ? `${customer.segment} (RFM ${customer.rfm_cell})` : customer.segment],
    ["Status", `${customer.churn_status}, ${customer.churn_risk_group} risk, last order ${customer.recency_days} days before the snapshot`],
    ["Behaviour", customer.combined_segment],
    ["Orders", `${customer.frequency} between ${day(customer.first_purchase_at)} and ${day(customer.last_purchase_at)}`],
    ["Spend", customer.value_basis === "gross"
      ? `${money(customer.monetary)} (AOV ${money(customer.aov)}); credit notes matched to the customer ${money(customer.matched_credit_value)}, not netted (gross basis)`
      : `${money(customer.monetary)} net (AOV ${money(customer.aov)}): bought ${money(customer.gross_monetary)}, credit notes matched ${money(customer.matched_credit_value)}${Number(customer.cancelled_orders) > 0 ? `, ${formatCount(customer.cancelled_orders, "order")} cancelled in full` : ""}`],
    ["Lifetime value", customer.cltv_profit == null ? `none: ${customer.cltv_tier}` : `${money(customer.cltv_profit)} profit over the horizon, ${customer.cltv_tier} tier`],
    ["Country", customer.country ?? "unknown"],
  ];
  if (customer.acquisition_channel) facts.push(["Acquired through", customer.acquisition_channel]);
  // BG/NBD and Gamma-Gamma (page Predictive value); absent when the fit did not run or converge.
  if (customer.p_alive != null) {
    const horizon = clv?.value_months ? ` over the next ${formatCount(clv.value_months, "month")}` : "";
    const value = customer.predicted_value == null ? "" : `; predicted value ${money(customer.predicted_value)}${horizon}${customer.predictive_tier ? ` (${customer.predictive_tier} tier)` : ""}`;
    facts.push(["Predicted", `${formatPercent(customer.p_alive, 0)} likely still buying${value}`]);
  }
  const chart = Plot.plot({
    width,
    height: 220,
    x: { type: "utc", label: null },
    y: { label: "Revenue per invoice", grid: true },
    color: { domain: ["order", "credit note"], range: ["steelblue", "crimson"], legend: true },
    marks: [
      Plot.ruleY([0]),
      Plot.ruleX(orders, { x: "invoiced_at", y: "revenue", stroke: "kind", strokeWidth: 2 }),
      Plot.dot(orders, { x: "invoiced_at", y: "revenue", fill: "kind", r: 3, tip: true, title: (d) => `${d.invoice_id} (${d.kind})\n${day(d.invoiced_at)}\n${money(d.revenue)}, ${formatCount(d.lines, "line")}` }),
    ],
  });
  // html.fragment: each fact's <dt> and <dd> are items of the grid (html`` would wrap the pair in a <span>).
  return html`<div class="customer-detail" id="customer-detail" data-customer=${customer.customer_id}>
    <h3>Customer ${customer.customer_id}</h3>
    <dl style="display: grid; grid-template-columns: minmax(5rem, max-content) minmax(0, 1fr); gap: 0.2rem 1rem; overflow-wrap: break-word;">
      ${facts.map(([k, v]) => html.fragment`<dt><b>${k}</b></dt><dd style="margin: 0">${v}</dd>`)}
    </dl>
    ${chart}
  </div>`;
}
