// The SQL macros both engines define (src/components/sql-macros.js): the Wilson bounds against the
// TypeScript Wilson interval of lib/stats/proportions.ts (a second implementation, in another
// language), at the edges (x = 0, x = n, n = 0) and across counts; and defined on every pipeline
// connection, as temporary macros that leave no trace in the warehouse file.
import { describe, expect, test } from "vitest";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { wilsonInterval } from "../../data-loaders/lib/stats/proportions.ts";

describe("wilson_low / wilson_high", () => {
  test("equal the TypeScript Wilson interval, with exact 0, 1 and NULL at the edges", async () => {
    const { instance, connection } = await openDatabase();
    const cases = [[0, 10], [10, 10], [1, 1], [3, 7], [49, 100], [1, 20000], [12345, 67890], [0, 0]];
    const rows = await queryRows(connection, `select x, n, wilson_low(x, n) as low, wilson_high(x, n) as high from (values ${cases.map(([x, n]) => `(${x}, ${n})`).join(", ")}) as t(x, n)`);
    for (const row of rows) {
      const [x, n] = [Number(row.x), Number(row.n)];
      if (n === 0) {
        expect([row.low, row.high]).toEqual([null, null]);
        continue;
      }
      const [low, high] = wilsonInterval(x, n);
      expect(row.low).toBeCloseTo(low, 14);
      expect(row.high).toBeCloseTo(high, 14);
      if (x === 0) expect(row.low).toBe(0);
      if (x === n) expect(row.high).toBe(1);
    }
    connection.closeSync();
    instance.closeSync();
  });

  test("are temporary on a pipeline connection, so none is stored in the warehouse file", async () => {
    const { instance, connection } = await openDatabase();
    const [row] = await queryRows(connection, "select count(*) as n from duckdb_functions() where function_name in ('wilson_low', 'wilson_high') and database_name = 'temp'");
    expect(Number(row.n)).toBe(2);
    connection.closeSync();
    instance.closeSync();
  });
});
