// The SQL macros both engines define (src/components/sql-macros.js): the Wilson bounds against the
// TypeScript Wilson interval of lib/stats/proportions.ts (a second implementation, in another
// language), at the edges (x = 0, x = n, n = 0) and across counts; and defined on every pipeline
// connection, as temporary macros that leave no trace in the warehouse file.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { wilsonInterval } from "../../data-loaders/lib/stats/proportions.ts";
import { openPageEngine } from "../helpers/page-engine.ts";

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

// The pages' engine is DuckDB-wasm 1.29 (DuckDB 1.1), which binds a macro's body when it is created
// with NULL arguments: an overloaded function without casts fails there, though native DuckDB
// accepts it. Every macro is created in that engine (its Node build) and the period and value rules
// answer hand-worked cases in both engines alike.
describe("in DuckDB-wasm, the pages' engine", () => {
  const probe = `select period_start_of(DATE '2024-01-10', 'week') = DATE '2024-01-08' as week_start,
    period_end_of(DATE '2024-02-01', 'month') = DATE '2024-02-29' as month_end,
    not period_is_complete(DATE '2024-01-08', 'week', DATE '2024-01-13') and period_is_complete(DATE '2024-01-08', 'week', DATE '2024-01-14') as week_complete,
    customer_value('net', 10.5::decimal(18, 4), -2.5::decimal(18, 4)) = 8 and customer_value('gross', 10.5::decimal(18, 4), -2.5::decimal(18, 4)) = 10.5 as value,
    credit_matched_share('c', null, 10.0, 4.0) = 0.4 and credit_matched_share(null, null, 1, 1) = 0 and credit_matched_share('c', 'manual', 9, 0) = 1 as share,
    matched_credit_revenue(-10.0::decimal(18, 4), 0.4) = -4 as matched,
    counts_as_purchase(true, 'gross') and not counts_as_purchase(true, 'net') and counts_as_purchase(null, 'net') as purchase,
    is_kept(null) and not is_kept('duplicate') and not is_kept('credit_note') as kept,
    -- 365 days, not a calendar year: 1 March 2023 is a year before 1 March 2024 but 366 days.
    in_year_before(TIMESTAMP '2023-03-02 00:00:00', DATE '2024-03-01') and not in_year_before(TIMESTAMP '2023-03-01 23:59:59', DATE '2024-03-01') as year_before,
    window_value('net', 50.0::decimal(18, 4), -80.0::decimal(18, 4)) = 0 and window_value('net', 300.0::decimal(18, 4), -40.0::decimal(18, 4)) = 260 and window_value('gross', 300.0::decimal(18, 4), -40.0::decimal(18, 4)) = 300 and window_value('net', 10.0::decimal(18, 4), null) = 10 as window_value,
    -- Rounding at 20M order lines passes (2.6e8 apart by 8.9e-6); a cent there, or 2e-5 of a small sum, fails.
    sums_agree(257542324.160002, 257542324.15999308) and sums_agree(1.000005, 1) and sums_agree(3, 3::bigint)
      and not sums_agree(257542324.17, 257542324.16) and not sums_agree(1.00002, 1) and not sums_agree(0, 1e-4) as sums_agree`;
  const expected = { week_start: true, month_end: true, week_complete: true, value: true, share: true, matched: true, purchase: true, kept: true, year_before: true, window_value: true, sums_agree: true };

  test("every macro is created, and the rules give the hand-worked answers", async () => {
    const connection = await openPageEngine();
    expect(connection.query(probe).toArray()[0].toJSON()).toEqual(expected);
    connection.close();
  });

  test("native DuckDB (the pipeline's) gives the same answers", async () => {
    const { instance, connection } = await openDatabase();
    expect((await queryRows(connection, probe))[0]).toEqual(expected);
    connection.closeSync();
    instance.closeSync();
  });
});

// The kept-row condition has one name, is_kept(exclusion_reason): a model, data test, TypeScript
// model or page that spells the condition out again (exclusion_reason is null / is not null, or
// coalesce(exclusion_reason, ...)) would be a second definition that a change to the rule misses.
// Comments are not read.
describe("is_kept", () => {
  const spelledOut = /exclusion_reason\s+is\s+(not\s+)?null|coalesce\s*\(\s*(\w+\.)?exclusion_reason\b/i;
  const files = (dir: string): string[] => readdirSync(join(projectRoot, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(sql|ya?ml|ts|js|md)$/.test(f))
    .map((f) => join(dir, f));
  const withoutComments = (path: string, text: string) => text.split("\n")
    .map((line) => (/\.(sql|ya?ml)$/.test(path) ? line.replace(/(--|#).*$/, "") : line.replace(/^\s*(\/\/|\*|\/\*).*$/, "")));

  test("no model, data test, library or page restates the condition", () => {
    const found: string[] = [];
    for (const path of ["data-loaders/models", "data-loaders/lib", "src"].flatMap(files)) {
      if (path === "src/components/sql-macros.js") continue;
      withoutComments(path, readFileSync(join(projectRoot, path), "utf8")).forEach((line, i) => {
        if (spelledOut.test(line)) found.push(`${relative(".", path)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
