// First view of the segments page: the biggest spenders of every segment, and the full record
// and order history of each segment's first customer (the one the detail shows by default).
import { emitSummary } from "../../data-loaders/site/emit-mart.ts";
import { customerLists, previewSql } from "../components/customer-lists.js";

const list = customerLists.segment;
const firsts = `SELECT customer_id FROM customer_360 QUALIFY row_number() OVER (PARTITION BY segment ORDER BY ${list.orderBy.replaceAll("customers.", "")}) = 1`;
await emitSummary(["customer_360", "customer_orders"], {
  members: previewSql(list, "customer_360"),
  customers: `SELECT * FROM customer_360 WHERE customer_id IN (${firsts}) ORDER BY customer_id`,
  orders: `SELECT * FROM customer_orders WHERE customer_id IN (${firsts}) ORDER BY customer_id, invoiced_at, invoice_id`,
});
