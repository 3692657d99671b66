// The product page's questions about one product, run in DuckDB-wasm over the product_lines
// mart (sales and matched returns, one row per product per invoice), customer_360 (RFM segment)
// and products. Companions come from basket-sql.js, the SQL of the product_pairs mart.
import { pairsSql } from "./basket-sql.js";

const quote = (value) => `'${String(value).replaceAll("'", "''")}'`;

/** Units and revenue sold and returned per calendar month. */
export function monthlySalesSql(productId) {
  return `select
    strftime(date_trunc('month', invoiced_on), '%Y-%m-%d') as month,
    coalesce(sum(units) filter (where kind = 'sale'), 0) as units,
    coalesce(sum(value) filter (where kind = 'sale'), 0) as revenue,
    count(distinct invoice_id) filter (where kind = 'sale') as orders,
    coalesce(sum(units) filter (where kind = 'return'), 0) as returned_units,
    coalesce(sum(value) filter (where kind = 'return'), 0) as returned_value
  from product_lines
  where product_id = ${quote(productId)}
  group by all
  order by month`;
}

/** The product's identified customers with their orders of it, spend, returns and RFM segment. */
export function productCustomersSql(productId) {
  return `select
    lines.customer_id,
    customers.segment as rfm_segment,
    count(distinct lines.invoice_id) filter (where lines.kind = 'sale') as orders,
    coalesce(sum(lines.units) filter (where lines.kind = 'sale'), 0) as units,
    coalesce(sum(lines.value) filter (where lines.kind = 'sale'), 0) as revenue,
    coalesce(sum(lines.units) filter (where lines.kind = 'return'), 0) as returned_units,
    strftime(max(lines.invoiced_on) filter (where lines.kind = 'sale'), '%Y-%m-%d') as last_bought_on
  from product_lines as lines
  left join customers on customers.customer_id = lines.customer_id
  where lines.product_id = ${quote(productId)} and lines.customer_id is not null
  group by all
  order by revenue desc, lines.customer_id`;
}

/** Every matched return of the product: credit notes and returns without one. */
export function productReturnsSql(productId) {
  return `select strftime(invoiced_on, '%Y-%m-%d') as returned_on, invoice_id, customer_id, units, value
  from product_lines
  where product_id = ${quote(productId)} and kind = 'return'
  order by invoiced_on desc, invoice_id`;
}

/** Products bought on the same orders as this one, with at least `minOrders` orders together, by lift. */
export function companionsSql(productId, { minOrders = 1, limit = 20 } = {}) {
  const pairs = pairsSql({ baskets: "select invoice_id, product_id from product_lines where kind = 'sale'", minSupport: 0, anchor: productId });
  return `select pairs.product_b as product_id, products.product_name, pairs.orders_with_both, pairs.confidence_a_to_b,
      pairs.confidence_b_to_a, pairs.lift
    from (${pairs}) as pairs
    left join products on products.product_id = pairs.product_b
    where pairs.orders_with_both >= ${Number(minOrders)}
    order by pairs.lift desc, pairs.orders_with_both desc, pairs.product_b
    limit ${Number(limit)}`;
}
