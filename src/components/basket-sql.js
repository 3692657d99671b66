// The SQL of product pairs bought on the same order, one definition for the build
// (data-loaders/models/marts/product_pairs.ts) and the product page (src/products/product.md),
// which asks it for one product's companions in DuckDB-wasm. Plain ES module, no globals.
//
// Definitions (N = orders, i.e. distinct invoices with at least one product sale):
//   support(X)       = orders with X / N
//   support(A, B)    = orders with both A and B / N
//   confidence(A→B)  = orders with both / orders with A   (how often a basket with A also has B)
//   lift(A, B)       = support(A, B) / (support(A) × support(B)) = both × N / (orders A × orders B)
// A pair's support is at most each product's support, so with a minimum support only products at
// or above it can form a pair: the pairs are counted on those products' lines alone, which keeps
// a large catalogue from ever building every pair. The threshold is ceil(minSupport × N) orders,
// and at least one.

const quote = (value) => `'${String(value).replaceAll("'", "''")}'`;

/**
 * Options: {baskets: SQL relation with columns invoice_id, product_id (duplicates allowed),
 * minSupport: number in [0, 1], anchor: product_id or null}. Without an anchor: one row per
 * unordered pair (product_a < product_b). With one: every product bought with the anchor, as
 * product_b, with the anchor as product_a (minSupport then applies to the pair only).
 * Columns: product_a, product_b, orders_a, orders_b, orders_with_both, orders, support_a,
 * support_b, support, confidence_a_to_b, confidence_b_to_a, lift. Sorted by orders_with_both
 * desc, lift desc, product_a, product_b.
 */
export function pairsSql({ baskets, minSupport = 0, anchor = null }) {
  const support = Number(minSupport);
  if (!Number.isFinite(support) || support < 0 || support > 1) throw new Error(`minimum support must be between 0 and 1, not ${minSupport}`);
  const frequentFilter = anchor === null ? "item_orders.orders >= threshold.min_orders" : "true";
  const pairFilter = anchor === null
    ? "a.product_id < b.product_id"
    : `a.product_id = ${quote(anchor)} and b.product_id <> a.product_id`;
  return `with baskets as (
    select distinct invoice_id, product_id from (${baskets}) where product_id is not null
),
totals as (select count(distinct invoice_id) as orders from baskets),
threshold as (select greatest(1, ceil(${support} * orders - 1e-9)) as min_orders from totals),
item_orders as (select product_id, count(*) as orders from baskets group by product_id),
frequent as (
    select item_orders.product_id, item_orders.orders from item_orders, threshold where ${frequentFilter}
),
frequent_lines as (
    select baskets.invoice_id, baskets.product_id from baskets semi join frequent on frequent.product_id = baskets.product_id
),
pairs as (
    select a.product_id as product_a, b.product_id as product_b, count(*) as orders_with_both
    from frequent_lines as a
    inner join frequent_lines as b on a.invoice_id = b.invoice_id and ${pairFilter}
    group by all
),
final as (
    select
        pairs.product_a,
        pairs.product_b,
        fa.orders as orders_a,
        fb.orders as orders_b,
        pairs.orders_with_both,
        totals.orders,
        fa.orders / totals.orders as support_a,
        fb.orders / totals.orders as support_b,
        pairs.orders_with_both / totals.orders as support,
        pairs.orders_with_both / fa.orders as confidence_a_to_b,
        pairs.orders_with_both / fb.orders as confidence_b_to_a,
        pairs.orders_with_both * totals.orders / (fa.orders * fb.orders) as lift
    from pairs
    cross join totals
    cross join threshold
    inner join frequent as fa on fa.product_id = pairs.product_a
    inner join frequent as fb on fb.product_id = pairs.product_b
    where pairs.orders_with_both >= threshold.min_orders
)
select * from final
order by orders_with_both desc, lift desc, product_a, product_b`;
}
