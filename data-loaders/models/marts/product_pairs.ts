// Product pairs bought on the same order (market-basket analysis): orders with both, support,
// confidence both ways and lift, for pairs at or above vars.basket_min_support. The SQL is
// src/components/basket-sql.js, which the product page runs for one product in the browser.
import type { TsModel } from "../../pipeline/ts-model.ts";
import type { VarValue } from "../../pipeline/config.ts";
import { declaredVars } from "../../pipeline/vars.ts";
import { pairsSql } from "../../../src/components/basket-sql.js";

/** The minimum support (its type, range and default are declared in data-loaders/models/vars.yml). */
export function minSupportOf(vars: Record<string, VarValue>): number {
  return declaredVars(vars, ["basket_min_support"]).basket_min_support as number;
}

const model: TsModel = {
  description: "Product pairs bought on the same order, with support, confidence both ways and lift.",
  dependsOn: ["int_product_lines_matched", "products"],
  vars: ["basket_min_support"],
  files: ["src/components/basket-sql.js"],
  columns: {
    product_a: "VARCHAR", product_a_name: "VARCHAR", product_b: "VARCHAR", product_b_name: "VARCHAR",
    orders_a: "BIGINT", orders_b: "BIGINT", orders_with_both: "BIGINT", orders: "BIGINT",
    support_a: "DOUBLE", support_b: "DOUBLE", support: "DOUBLE",
    confidence_a_to_b: "DOUBLE", confidence_b_to_a: "DOUBLE", lift: "DOUBLE", min_support: "DOUBLE",
  },
  sql({ vars }) {
    const pairs = pairsSql({
      baskets: "select invoice_id, product_id from int_product_lines_matched where kind = 'sale'",
      minSupport: minSupportOf(vars),
    });
    return `select pairs.product_a, a.product_name as product_a_name, pairs.product_b, b.product_name as product_b_name,
        pairs.* exclude (product_a, product_b), ${minSupportOf(vars)} as min_support
      from (${pairs}) as pairs
      left join products as a on a.product_id = pairs.product_a
      left join products as b on b.product_id = pairs.product_b
      order by pairs.orders_with_both desc, pairs.lift desc, pairs.product_a, pairs.product_b`;
  },
};

export default model;
