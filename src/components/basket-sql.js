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
  return anchor === null ? allPairsSql(baskets, support) : anchorPairsSql(baskets, support, anchor);
}

// Both forms start from the orders' distinct products, their count and the support threshold
// (`materialized`: DuckDB-wasm would compute each CTE again for each of its reads).
const orderTotals = (baskets, support, materialized) => `with baskets as ${materialized}(
    select distinct invoice_id, product_id from (${baskets}) where product_id is not null
),
totals as ${materialized}(select count(distinct invoice_id) as orders from baskets),
threshold as (select greatest(1, ceil(${support} * orders - 1e-9)) as min_orders from totals)`;

// Both forms end with the pairs (item_a, item_b, orders_with_both) measured against each side's
// row of `sides` (product_id, orders), found by `key`, at or above the threshold, in the order above.
const measuredPairs = (sides, key) => `final as (
    select
        fa.product_id as product_a,
        fb.product_id as product_b,
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
    inner join ${sides} as fa on fa.${key} = pairs.item_a
    inner join ${sides} as fb on fb.${key} = pairs.item_b
    where pairs.orders_with_both >= threshold.min_orders
)
select * from final
order by orders_with_both desc, lift desc, product_a, product_b`;

/**
 * One product's companions: the orders holding the anchor, and the products on them counted once
 * per order. Only the anchor's orders are paired, so no order or product is numbered: in the
 * pages' DuckDB-wasm on the default store (266,096 product lines) the best seller's companions took
 * 1.28-1.29 s through the every-pair form below and 70-73 ms this way, the same rows. Each CTE read
 * twice is materialized: DuckDB-wasm 1.29 would compute it again for each read (native DuckDB keeps it).
 */
function anchorPairsSql(baskets, support, anchor) {
  return `${orderTotals(baskets, support, "materialized ")},
item_orders as materialized (select product_id, count(*) as orders from baskets group by product_id),
anchor_orders as (select invoice_id from baskets where product_id = ${quote(anchor)}),
pairs as (
    select ${quote(anchor)} as item_a, baskets.product_id as item_b, count(*) as orders_with_both
    from baskets
    semi join anchor_orders on anchor_orders.invoice_id = baskets.invoice_id
    where baskets.product_id <> ${quote(anchor)}
    group by baskets.product_id
),
${measuredPairs("item_orders", "product_id")}`;
}

/** Every pair of products at or above the minimum support (the product_pairs mart). */
function allPairsSql(baskets, support) {
  // The pair join and its count hold only integers: each frequent product is numbered in
  // product_id order (so item order is product order) and each order by row, which keeps a
  // store of millions of lines from holding millions of text keys twice over.
  return `${orderTotals(baskets, support, "")},
item_orders as (select product_id, count(*) as orders from baskets group by product_id),
frequent as (
    select item_orders.product_id, item_orders.orders, cast(row_number() over (order by item_orders.product_id) as integer) as item
    from item_orders, threshold where item_orders.orders >= threshold.min_orders
),
frequent_baskets as (
    select baskets.invoice_id, frequent.item from baskets inner join frequent on frequent.product_id = baskets.product_id
),
invoices as (
    select invoice_id, cast(row_number() over () as integer) as basket from (select distinct invoice_id from frequent_baskets)
),
frequent_lines as (
    select invoices.basket, frequent_baskets.item from frequent_baskets inner join invoices on invoices.invoice_id = frequent_baskets.invoice_id
),
pairs as (
    select a.item as item_a, b.item as item_b, count(*) as orders_with_both
    from frequent_lines as a
    inner join frequent_lines as b on a.basket = b.basket and a.item < b.item
    group by all
),
${measuredPairs("frequent", "item")}`;
}
