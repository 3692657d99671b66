// The summary rule on hand-worked purchases, in a real DuckDB: one purchase per customer and
// day (amounts summed), the first purchase is not a repeat, spend is the mean of repeat days,
// holdout counts purchase days after the calibration end, customers who start in the holdout
// are left out.
import { afterAll, beforeAll, expect, test } from "vitest";
import { customerSummarySql } from "../../data-loaders/lib/clv/summary-sql.ts";
import { openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";

let rows: Row[];
let close: () => void;
beforeAll(async () => {
  const { instance, connection } = await openDatabase();
  close = () => { connection.closeSync(); instance.closeSync(); };
  await connection.run(`CREATE TABLE purchases AS SELECT * FROM (VALUES
    ('a', DATE '2025-01-01', 10.0), ('a', DATE '2025-01-01', 5.0),  -- first day: one purchase of 15
    ('a', DATE '2025-01-08', 20.0), ('a', DATE '2025-01-08', 4.0),  -- repeat 1: 24
    ('a', DATE '2025-01-15', 30.0),                                 -- repeat 2: 30
    ('a', DATE '2025-02-05', 7.0), ('a', DATE '2025-02-09', 9.0),   -- holdout: 2 days, 16
    ('a', DATE '2025-03-01', 99.0),                                 -- after the holdout end: ignored
    ('b', DATE '2025-01-20', 50.0),                                 -- one purchase only
    ('c', DATE '2025-02-02', 40.0)                                  -- starts in the holdout: not in the summary
  ) AS t(customer_id, purchased_on, amount)`);
  rows = await queryRows(connection, customerSummarySql({ purchases: "purchases", calibrationEnd: "2025-01-31", holdoutEnd: "2025-02-28", unitDays: 7 }));
});
afterAll(() => close?.());

test("summarises each customer by the rule", () => {
  const columns = ["customer_id", "frequency", "recency", "age", "repeat_spend", "calibration_revenue", "holdout_purchases", "holdout_revenue"];
  expect(rows.map((row) => columns.map((c) => row[c]))).toEqual([
    ["a", 2, 2, 30 / 7, 27, 69, 2, 16],
    ["b", 0, 0, 11 / 7, null, 50, 0, 0],
  ]);
  expect(rows.map((row) => (row.first_purchase_on as Date).toISOString().slice(0, 10))).toEqual(["2025-01-01", "2025-01-20"]);
});
