// The holdout check fits on what the calibration period knew. An order cancelled by a credit note
// dated after the calibration end was a purchase then; one cancelled inside the calibration period
// was not; an order of the holdout cancelled before the data ends is no holdout purchase. The
// full-period summary counts every cancellation. Every expected figure is worked out in the
// comments from the lines below, not read from the models.
import { join } from "node:path";
import { expect, test } from "vitest";
import { queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const lines = uciCsv([
  // c1: 100 on 1 Sep, 50 on 20 Sep cancelled by C1002 on 20 Oct (after the calibration end), 30 on 1 Nov.
  "1001,P1,LAMP,1,2011-09-01 10:00:00,100,c1,United Kingdom",
  "1002,P2,CARD,1,2011-09-20 10:00:00,50,c1,United Kingdom",
  "C1002,P2,CARD,-1,2011-10-20 10:00:00,50,c1,United Kingdom",
  "1003,P3,VASE,1,2011-11-01 10:00:00,30,c1,United Kingdom",
  // c2: 40 on 5 Sep, 20 on 15 Sep cancelled on 25 Sep (inside the calibration period).
  "2001,P1,LAMP,1,2011-09-05 10:00:00,40,c2,United Kingdom",
  "2002,P2,CARD,1,2011-09-15 10:00:00,20,c2,United Kingdom",
  "C2002,P2,CARD,-1,2011-09-25 10:00:00,20,c2,United Kingdom",
  // c3: 60 on 10 Sep; 70 on 10 Nov (holdout) cancelled on 12 Nov.
  "3001,P1,LAMP,1,2011-09-10 10:00:00,60,c3,United Kingdom",
  "3002,P4,RUG,1,2011-11-10 10:00:00,70,c3,United Kingdom",
  "C3002,P4,RUG,-1,2011-11-12 10:00:00,70,c3,United Kingdom",
  // c4: 10 on 1 Aug and 10 on 1 Dec, the last invoice: the data end 1 Dec.
  "4001,P1,LAMP,1,2011-08-01 10:00:00,10,c4,United Kingdom",
  "4002,P1,LAMP,1,2011-12-01 10:00:00,10,c4,United Kingdom",
]);

test("calibration sees a cancellation only once its credit note is dated; the full period sees them all", async () => {
  const project = tempProject({
    "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: lines.csv\n    preset: uci_online_retail\nvars:\n  clv_calibration_end: '2011-10-01'\n",
    "lines.csv": lines,
  });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["int_customers_clv_calibrated", "int_customers_clv_summarised"] });
  expect(summary.failed, summary.log.filter((l) => /FAIL|ERROR/.test(l)).join("\n")).toBe(false);
  await project.withWarehouse(async (connection) => {
    const read = async (table: string) =>
      Object.fromEntries((await queryRows(connection, `select * from ${table} order by customer_id`)).map((r) => [r.customer_id, [r.frequency, r.recency, r.age, r.repeat_spend, r.calibration_revenue, r.holdout_purchases, r.holdout_revenue]]));
    const cancelled = await queryRows(connection, "select invoice_id, strftime(cancelled_on, '%Y-%m-%d') as day from int_orders_cancelled order by 1");
    expect(cancelled.map((r) => [r.invoice_id, r.day])).toEqual([["1002", "2011-10-20"], ["2002", "2011-09-25"], ["3002", "2011-11-12"]]);

    // Calibration to 1 Oct (inclusive), holdout to 1 Dec; days from the first purchase.
    //      x  t_x  T   spend  revenue  holdout days, revenue
    // c1   1  19   30  50     150      1 (1 Nov), 30           1002 still a purchase on 1 Oct
    // c2   0  0    26  -      40       0, 0                    2002 cancelled by then
    // c3   0  0    21  -      60       0, 0                    3002 cancelled inside the data
    // c4   0  0    61  -      10       1 (1 Dec), 10
    expect(await read("int_customers_clv_calibrated")).toEqual({
      c1: [1, 19, 30, 50, 150, 1, 30],
      c2: [0, 0, 26, null, 40, 0, 0],
      c3: [0, 0, 21, null, 60, 0, 0],
      c4: [0, 0, 61, null, 10, 1, 10],
    });
    // The whole period to 1 Dec: every cancellation counts.
    // c1   1 Sep and 1 Nov: x 1, t_x 61, T 91, spend 30; c2 and c3 one purchase; c4 1 Aug and 1 Dec: x 1, t_x = T = 122.
    expect(await read("int_customers_clv_summarised")).toEqual({
      c1: [1, 61, 91, 30, 130, 0, 0],
      c2: [0, 0, 87, null, 40, 0, 0],
      c3: [0, 0, 82, null, 60, 0, 0],
      c4: [1, 122, 122, 10, 20, 0, 0],
    });
  });
});
