// First view of the product price section: products per price flag, and the products with the
// most lines under each flag and overall. The whole table loads (Parquet) when the reader asks.
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";

export const previewProducts = 12;
const columns = "product_id, product_name, price_flag, lines, distinct_prices, min_price, modal_price, max_price, modal_share, zero_price_lines";
await emitSummary(["product_price_consistency"], {
  flags: `SELECT price_flag AS flag, count(*)::INTEGER AS products FROM product_price_consistency GROUP BY ALL ORDER BY products DESC, flag`,
  top: `SELECT ${columns} FROM product_price_consistency QUALIFY row_number() OVER (PARTITION BY price_flag ORDER BY lines DESC, product_id) <= ${previewProducts} ORDER BY price_flag, lines DESC, product_id`,
  topAll: `SELECT ${columns} FROM product_price_consistency ORDER BY lines DESC, product_id LIMIT ${previewProducts}`,
});
