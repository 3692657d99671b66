// The customer lists the customer pages drill into, defined once. The build runs previewSql (the
// first rows of every list) into a small JSON for the first view; the browser runs listSql (one
// whole list) in DuckDB-wasm once the reader asks for it. Both order by the mart's own columns
// (qualified, so a rounded alias in the select list never changes the order), so the preview is
// exactly the head of the list. Plain ES module: the build-time loaders import it too.

/** @typedef {{ keys: string[], columns: string, orderBy: string, preview: number }} CustomerList */

/** @type {Record<string, CustomerList>} */
export const customerLists = {
  // Customers of one R x FM cell, biggest spenders first (customers overview).
  cell: {
    keys: ["r_score", "fm_score"],
    columns: "customer_id, segment, recency_days, frequency, round(monetary, 2) AS monetary, r_score, f_score, m_score, churn_status",
    orderBy: "customers.monetary DESC, customers.customer_id",
    preview: 10,
  },
  // Customers of one RFM segment (segments page).
  segment: {
    keys: ["segment"],
    columns: `customer_id, country, recency_days, frequency, round(monetary, 2) AS monetary, round(aov, 2) AS aov,
      rfm_cell, cltv_tier, churn_status, behavioural_segment, last_purchase_at`,
    orderBy: "customers.monetary DESC, customers.customer_id",
    preview: 15,
  },
  // Who to call first: at-risk or churned customers by projected value (churn page).
  churn: {
    keys: ["churn_status"],
    columns: `customer_id, segment, cltv_tier, recency_days, round(days_overdue) AS days_overdue, frequency,
      round(monetary, 2) AS monetary, round(revenue_last_12_months, 2) AS revenue_last_12_months, recommended_action`,
    orderBy: "customers.cltv_profit DESC, customers.customer_id",
    preview: 15,
  },
  // Customers of one CLTV tier (lifetime value page).
  tier: {
    keys: ["cltv_tier"],
    columns: `customer_id, segment, churn_status, frequency, round(aov, 2) AS aov, round(annual_purchase_frequency, 2) AS orders_per_year,
      round(cltv_revenue, 2) AS cltv_revenue, round(cltv_profit, 2) AS cltv_profit`,
    orderBy: "customers.cltv_profit DESC, customers.customer_id",
    preview: 12,
  },
};

/** One whole list; bind the key values in `keys` order. */
export function listSql(list) {
  return `SELECT ${list.columns} FROM customers WHERE ${list.keys.map((k) => `${k} = ?`).join(" AND ")} ORDER BY ${list.orderBy}`;
}

/**
 * The first `list.preview` rows of every list, each tagged with its keys (as `key_<name>`) and
 * its list's size (`list_size`), ordered as listSql orders one list.
 */
export function previewSql(list, table = "customers") {
  const keys = list.keys.join(", ");
  return `SELECT ${list.keys.map((k) => `customers.${k} AS key_${k}`).join(", ")},
      count(*) OVER (PARTITION BY ${keys}) AS list_size, ${list.columns}
    FROM ${table} AS customers
    QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY ${list.orderBy}) <= ${list.preview}
    ORDER BY ${list.keys.map((k) => `customers.${k}`).join(", ")}, ${list.orderBy}`;
}

/** The preview rows of one list (keys in `keys` order), without the tags. */
export function previewRows(rows, list, values) {
  return rows
    .filter((row) => list.keys.every((k, i) => row[`key_${k}`] === values[i]))
    .map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith("key_") && k !== "list_size")));
}
