// Every exclusion rule on a small fixture: each line is built to meet one rule (or two, to check
// which wins), and the expected reason is written beside it by hand.
import { beforeAll, describe, expect, test } from "vitest";
import { openDatabase, queryRows, type Row } from "../../data-loaders/pipeline/duckdb.ts";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

// [line, expected exclusion_reason or null for kept, counts in net revenue]
const cases: [string, string | null, boolean][] = [
  ["1001,85123A,HEART HOLDER,6,2011-01-03 10:00:00,2.55,17850.0,United Kingdom", null, true],
  ["1001,85123A,HEART HOLDER,6,2011-01-03 10:00:00,2.55,17850.0,United Kingdom", "duplicate", false],
  ["A1002,B,Adjust bad debt,1,2011-01-03 10:00:00,-11062.06,,United Kingdom", "bad_debt", false],
  ["C1003,85123A,HEART HOLDER,-2,2011-01-04 10:00:00,2.55,17850.0,United Kingdom", "credit_note", true],
  ["C1003,D,Discount,-1,2011-01-04 10:00:00,5,17850.0,United Kingdom", "credit_note", true],
  ["C1003,POST,POSTAGE,-1,2011-01-04 10:00:00,18,17850.0,United Kingdom", "credit_note", true],
  ["1004,POST,POSTAGE,1,2011-01-05 10:00:00,18,12583.0,France", "non_product_charge", true],
  ["1004,C2,CARRIAGE,1,2011-01-05 10:00:00,50,12583.0,France", "non_product_charge", true],
  ["1004,BANK CHARGES,Bank Charges,1,2011-01-05 10:00:00,15,12583.0,France", "non_product_charge", true],
  ["1004,23444,Next Day Carriage,1,2011-01-05 10:00:00,15,12583.0,France", "non_product_charge", true],
  ["1004,85168B,BLACK BAROQUE CARRIAGE CLOCK,1,2011-01-05 10:00:00,8.5,12583.0,France", null, true],
  ["1005,M,Manual,1,2011-01-06 10:00:00,4.5,14911.0,EIRE", "manual_adjustment", false],
  ["1006,21319,adjustment,-10,2011-01-06 11:00:00,0,,United Kingdom", "manual_adjustment", false],
  ["1006,35241,damages?,-5,2011-01-06 11:00:00,0,,United Kingdom", "manual_adjustment", false],
  ["1007,84406B,?,-20,2011-01-06 12:00:00,0,,United Kingdom", "suspicious_entry", false],
  ["1007,22458,Missing,-3,2011-01-06 12:00:00,0,,United Kingdom", "suspicious_entry", false],
  ["1007,22999,,12,2011-01-06 12:00:00,0,,United Kingdom", "suspicious_entry", false],
  ["1008,22423,REGENCY CAKESTAND,1,2011-01-07 10:00:00,0,12415.0,Australia", "zero_price", true],
  ["1009,22423,REGENCY CAKESTAND,1,2011-01-07 10:00:00,-1,12415.0,Australia", "negative_price", false],
  ["1010,22423,REGENCY CAKESTAND,-1,2011-01-07 10:00:00,12.75,12415.0,Australia", "return", true],
  ["1011,22423,REGENCY CAKESTAND,2,2011-01-07 10:00:00,12.75,,United Kingdom", "guest_checkout", true],
  ["1011,22423,REGENCY CAKESTAND,2,2011-01-07 10:00:00,12.75,,United Kingdom", "duplicate", false],
  ["1012,22423,REGENCY CAKESTAND,4,2011-01-08 10:00:00,12.75,12415.0,Australia", null, true],
  // Typing slips: a year 2099 or 1, a quantity or price beyond its bound (lines exactly on the
  // bounds are kept); each also meets a
  // later rule (a guest, a return) to show the implausible value wins.
  ["1013,22423,REGENCY CAKESTAND,1,2099-01-08 10:00:00,12.75,12415.0,Australia", "implausible_value", false],
  ["1014,22423,REGENCY CAKESTAND,1,0001-01-08 10:00:00,12.75,,Australia", "implausible_value", false],
  ["1015,22423,REGENCY CAKESTAND,1000001,2011-01-08 10:00:00,12.75,12415.0,Australia", "implausible_value", false],
  ["1016,22423,REGENCY CAKESTAND,-1,2011-01-08 10:00:00,1000000.5,12415.0,Australia", "implausible_value", false],
  ["1017,22423,REGENCY CAKESTAND,1000000,2011-01-08 10:00:00,0.5,12415.0,Australia", null, true],
  ["1018,22423,REGENCY CAKESTAND,1,2011-01-08 10:00:00,1000000,12415.0,Australia", null, true],
];

let rows: Row[];
let ledger: Row[];
beforeAll(async () => {
  const project = tempProject({
    "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: lines.csv\n    preset: uci_online_retail\n",
    "lines.csv": uciCsv(cases.map(([line]) => line)),
  });
  const summary = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["order_line_ledger"] });
  expect(summary.failed).toBe(false);
  const { instance, connection } = await openDatabase(`${project.root}/.cache/warehouse.duckdb`);
  // Order by everything that identifies a fixture line; duplicates tie, and tie identically.
  rows = await queryRows(connection, "select * from stg_retail__order_lines");
  connection.closeSync();
  instance.closeSync();
  ledger = await project.mart("order_line_ledger");
});

describe("order line classification", () => {
  test("each fixture line gets the reason written beside it", () => {
    const key = (r: Row) => [r.invoice_id, r.product_id, r.quantity, Number(r.unit_price)].join("|");
    const expected = new Map<string, (string | null)[]>();
    for (const [line, reason] of cases) {
      const [invoice, product, , quantity, , price] = line.split(",");
      const k = [invoice, product, Number(quantity), Number(price)].join("|");
      expected.set(k, [...(expected.get(k) ?? []), reason]);
    }
    const actual = new Map<string, (string | null)[]>();
    for (const row of rows) actual.set(key(row), [...(actual.get(key(row)) ?? []), row.exclusion_reason as string | null]);
    for (const [k, reasons] of expected) expect([k, (actual.get(k) ?? []).sort()]).toEqual([k, [...reasons].sort()]);
    expect(rows).toHaveLength(cases.length);
  });

  test("net revenue counts credit notes, charges, zero-price and guest lines, not duplicates, bad debt or adjustments", () => {
    for (const row of rows) {
      const expected = cases.find(([, reason]) => reason === row.exclusion_reason)![2];
      expect([row.exclusion_reason, row.counts_in_net_revenue]).toEqual([row.exclusion_reason, expected]);
    }
  });

  test("country aliases are normalised through the seed; the written form is kept beside it", () => {
    const manual = rows.find((r) => r.product_id === "M")!;
    expect([manual.country_as_written, manual.country]).toEqual(["EIRE", "Ireland"]);
  });

  test("the ledger has every reason, and lines in = kept + excluded, revenue included", () => {
    const byOutcome = Object.fromEntries(ledger.map((r) => [r.outcome, Number(r.lines)]));
    const expectedCounts: Record<string, number> = {};
    for (const [, reason] of cases) expectedCounts[reason ?? "kept"] = (expectedCounts[reason ?? "kept"] ?? 0) + 1;
    for (const outcome of Object.keys(byOutcome)) expect([outcome, byOutcome[outcome]]).toEqual([outcome, expectedCounts[outcome] ?? 0]);
    expect(ledger.reduce((sum, r) => sum + Number(r.lines), 0)).toBe(cases.length);
    const revenue = cases.reduce((sum, [line]) => {
      const fields = line.split(",");
      return sum + Number(fields[3]) * Number(fields[5]);
    }, 0);
    expect(ledger.reduce((sum, r) => sum + Number(r.revenue), 0)).toBeCloseTo(revenue, 6);
  });
});
