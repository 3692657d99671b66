import { readFileSync } from "node:fs";
import { openDatabase, queryRows } from "./data-loaders/pipeline/duckdb.ts";
const { connection } = await openDatabase(".cache/online-retail/warehouse.duckdb");
const sql = "select predictive_tier, sum(predicted_value)::varchar as v, avg(p_alive)::varchar as p from customer_clv_predictions group by all order by all";
const seen = new Set<string>();
for (let i = 0; i < 20; i++) seen.add(JSON.stringify(await queryRows(connection, sql)));
console.log("distinct results over 20 runs:", seen.size);
const [{ n, groups }] = await queryRows(connection, "select count(*) as n, count(distinct row_group_id) as groups from pragma_storage_info('customer_clv_predictions')");
console.log(n, groups);
