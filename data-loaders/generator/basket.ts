// The product lines of the sale invoice being written: orders.ts fills it, dirty.ts reads it to
// decide cancellations and returns. Reused for every invoice, so no allocation per sale.
import { behaviour } from "./parameters.ts";

export const basketLines = {
  count: 0,
  items: new Int32Array(behaviour.basket.maxLines),
  quantities: new Int32Array(behaviour.basket.maxLines),
  prices: new Int32Array(behaviour.basket.maxLines),
};
