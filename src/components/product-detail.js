// The product page's view of one product, computed in DuckDB-wasm from product_lines, products and
// customer_360: its row of `products`, monthly sales and returns, customers, returns and the
// products bought with it; the narrative, chart and tables that show them.
import * as Plot from "npm:@observablehq/plot";
import { html } from "npm:htl";
import * as d3 from "npm:d3";
import { chartWidth } from "./chart-width.js";
import { companionsSql, monthlySalesSql, productCustomersSql, productReturnsSql } from "./product-sql.js";
import { productLink } from "./product-charts.js";
import { Table } from "./table.js";
import { plainRows as plain } from "./lazy-database.js";
import { dash, formatCount, formatDate, formatFixed, formatInteger, formatPercent } from "./format.js";


/** Every query of one product, and how long they took. */
export async function loadProductDetail(db, productId) {
  const started = performance.now();
  const [row] = plain(await db.query(`select * from products where product_id = '${productId.replaceAll("'", "''")}'`));
  const monthly = plain(await db.query(monthlySalesSql(productId)));
  const customers = plain(await db.query(productCustomersSql(productId)));
  const returns = plain(await db.query(productReturnsSql(productId)));
  const companions = plain(await db.query(companionsSql(productId, { minOrders: 3, limit: 20 })));
  return { row, monthly, customers, returns, companions, ms: performance.now() - started };
}

export function ProductNarrative(row, { money, ms }) {
  return html`<h2 id="product-title">${row.product_name ?? row.product_id} <small class="muted">${row.product_id}</small></h2>
  <p id="product-narrative">Rank ${formatInteger(row.revenue_rank)} by revenue: ${money(row.revenue)} from ${formatInteger(row.units)} units on
  ${formatInteger(row.orders)} orders to ${formatInteger(row.customers)} identified customers (${formatPercent(row.penetration)} of buyers),
  ${formatPercent(row.repeat_purchase_rate)} of whom bought it on two or more orders. First sold ${formatDate(row.first_sold_at)}, last
  ${formatDate(row.last_sold_at)}. Class <strong>${row.abc_class}</strong>, portfolio status <strong>${row.portfolio_status ?? "none (not sold recently)"}</strong>,
  lifecycle <strong>${row.lifecycle_status}</strong>, price behaviour <strong>${row.price_flag ?? dash}</strong>.
  ${formatInteger(row.returned_units)} units worth ${money(row.returned_value)} came back (${formatPercent(row.return_rate)} of units sold).</p>
  <p class="muted">Computed in your browser with DuckDB in ${Math.round(ms)} ms.</p>`;
}

/** Revenue per month above zero, value returned below it. */
export function MonthlySalesChart(monthly, { width, money }) {
  const month = { x1: (d) => new Date(d.month), x2: (d) => d3.utcMonth.offset(new Date(d.month), 1), insetLeft: 1, insetRight: 1 };
  return Plot.plot({
    width: chartWidth(width, { max: 4000, min: 300 }),
    height: 220,
    marginLeft: 56,
    x: { type: "utc", label: null },
    y: { label: "↑ Revenue", grid: true },
    marks: [
      Plot.rectY(monthly, { ...month, y: "revenue", fill: "var(--theme-foreground-focus)" }),
      Plot.rectY(monthly, { ...month, y: (d) => -d.returned_value, fill: "var(--theme-red)" }),
      Plot.ruleY([0]),
      Plot.tip(monthly, Plot.pointerX({ x: (d) => new Date(d.month), y: "revenue", title: (d) => `${d.month.slice(0, 7)}\n${money(d.revenue)} on ${formatCount(d.orders, "order")}\nreturned ${money(d.returned_value)}` })),
    ],
  });
}

export function CompanionsTable(companions) {
  return Table(companions, {
    columns: ["product_id", "orders_with_both", "lift", "confidence_a_to_b", "confidence_b_to_a"],
    header: { product_id: "Product", orders_with_both: "Orders with both", lift: "Lift", confidence_a_to_b: "Of this product's orders", confidence_b_to_a: "Of the other's orders" },
    format: { product_id: (id, i, data) => productLink(data[i]), lift: (v) => formatFixed(v, 2), confidence_a_to_b: (v) => formatPercent(v), confidence_b_to_a: (v) => formatPercent(v) },
    width: { product_id: 220 },
    layout: "auto",
    rows: 10,
  });
}

/** How many customers bought it, the five largest RFM segments among them, and the table. */
export function ProductCustomers(customers, { money }) {
  const counts = new Map();
  for (const d of customers) counts.set(d.rfm_segment ?? dash, (counts.get(d.rfm_segment ?? dash) ?? 0) + 1);
  const segments = [...counts].sort((a, b) => b[1] - a[1]);
  return html`<div><p>${formatInteger(customers.length)} identified customers; by RFM segment: ${segments.slice(0, 5).map(([s, n]) => `${s} ${formatInteger(n)}`).join(", ")}${segments.length > 5 ? ", …" : ""}.</p>
  ${Table(customers, {
    columns: ["customer_id", "rfm_segment", "orders", "units", "revenue", "returned_units", "last_bought_on"],
    header: { customer_id: "Customer", rfm_segment: "RFM segment", orders: "Orders", units: "Units", revenue: "Revenue", returned_units: "Returned", last_bought_on: "Last bought" },
    format: { revenue: money },
    layout: "auto",
    rows: 10,
  })}</div>`;
}
