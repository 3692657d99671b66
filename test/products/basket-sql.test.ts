// Pair metrics of src/components/basket-sql.js on a five-order example worked by hand.
//   O1: A B C (A twice)   O2: A B   O3: A C   O4: B D   O5: A B D        N = 5
//   orders: A 4, B 4, C 2, D 2
//   pair  both  support  conf a->b  conf b->a  lift = both x N / (orders a x orders b)
//   A B     3     0.6      3/4        3/4      15/16
//   A C     2     0.4      2/4        2/2      10/8
//   A D     1     0.2      1/4        1/2       5/8
//   B C     1     0.2      1/4        1/2       5/8
//   B D     2     0.4      2/4        2/2      10/8
//   C D     0
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { pairsSql } from "../../src/components/basket-sql.js";

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  ({ instance, connection } = await openDatabase());
  await connection.run(`create table lines as select * from (values
    ('O1', 'A'), ('O1', 'B'), ('O1', 'C'), ('O1', 'A'),
    ('O2', 'A'), ('O2', 'B'),
    ('O3', 'A'), ('O3', 'C'),
    ('O4', 'B'), ('O4', 'D'),
    ('O5', 'A'), ('O5', 'B'), ('O5', 'D')) as t(invoice_id, product_id)`);
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

async function pairs(options: { minSupport: number; anchor?: string }) {
  const rows = await queryRows(connection, pairsSql({ baskets: "select * from lines", ...options }));
  return rows.map((r) => [r.product_a, r.product_b, Number(r.orders_with_both), Number(r.support), Number(r.confidence_a_to_b), Number(r.confidence_b_to_a), Number(r.lift)]);
}

describe("pairsSql on five orders", () => {
  test("every co-purchased pair at minimum support 0", async () => {
    expect(await pairs({ minSupport: 0 })).toEqual([
      ["A", "B", 3, 0.6, 3 / 4, 3 / 4, 15 / 16],
      ["A", "C", 2, 0.4, 2 / 4, 1, 10 / 8],
      ["B", "D", 2, 0.4, 2 / 4, 1, 10 / 8],
      ["A", "D", 1, 0.2, 1 / 4, 1 / 2, 5 / 8],
      ["B", "C", 1, 0.2, 1 / 4, 1 / 2, 5 / 8],
    ]);
  });

  test("minimum support 0.4 keeps pairs in at least 2 orders", async () => {
    expect((await pairs({ minSupport: 0.4 })).map((p) => p.slice(0, 3))).toEqual([["A", "B", 3], ["A", "C", 2], ["B", "D", 2]]);
  });

  test("minimum support 0.5 (2.5 orders, so 3): only A and B are frequent enough, and their pair", async () => {
    expect((await pairs({ minSupport: 0.5 })).map((p) => p.slice(0, 3))).toEqual([["A", "B", 3]]);
  });

  test("one product's companions (the product page's question)", async () => {
    expect(await pairs({ minSupport: 0, anchor: "C" })).toEqual([
      ["C", "A", 2, 0.4, 1, 2 / 4, 10 / 8],
      ["C", "B", 1, 0.2, 1 / 2, 1 / 4, 5 / 8],
    ]);
  });

  test("each product's companions are the every-pair rows that hold it, turned to put it first (two forms of one definition)", async () => {
    const all = await pairs({ minSupport: 0 });
    for (const anchor of ["A", "B", "C", "D", "E"]) {
      const expected = all
        .filter((p) => p[0] === anchor || p[1] === anchor)
        .map(([a, b, both, support, ab, ba, lift]) => (a === anchor ? [a, b, both, support, ab, ba, lift] : [b, a, both, support, ba, ab, lift]))
        .sort((x, y) => Number(y[2]) - Number(x[2]) || Number(y[6]) - Number(x[6]) || String(x[1]).localeCompare(String(y[1])));
      expect(await pairs({ minSupport: 0, anchor })).toEqual(expected);
    }
  });

  test("a minimum support outside [0, 1] is refused", () => {
    expect(() => pairsSql({ baskets: "select * from lines", minSupport: 2 })).toThrow(/between 0 and 1/);
  });
});
