// The cells of every CSV download: dates as ISO text (not epoch milliseconds), big integers as
// digits, and texts a spreadsheet would run as a formula neutralised; numbers untouched.
import { describe, expect, test } from "vitest";
import { csvCell, csvRows, isoTime, moneyDecimals } from "../../src/components/csv-cells.js";

describe("CSV cells", () => {
  test("dates and times as ISO text in UTC", () => {
    expect(isoTime(Date.UTC(2011, 11, 9, 12, 50))).toBe("2011-12-09T12:50:00Z");
    expect(isoTime(Date.UTC(2011, 11, 9))).toBe("2011-12-09");
    expect(csvCell(new Date(Date.UTC(2010, 0, 1, 8, 26, 0, 500)))).toBe("2010-01-01T08:26:00.500Z");
    expect(csvCell(Date.UTC(2011, 0, 2), true)).toBe("2011-01-02");
    expect(csvCell(1293926400000, false)).toBe(1293926400000); // a number in a number column stays one
  });

  test("formula-looking texts get an apostrophe; numbers, plain texts and nulls do not change", () => {
    expect(["=HYPERLINK(\"x\")", "+44 20", "-cmd", "@SUM(A1)", "\tx", "\rx"].map((v) => csvCell(v))).toEqual(["'=HYPERLINK(\"x\")", "'+44 20", "'-cmd", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect([-3, 0, 2.5, "Champions", "a=b", null, undefined].map((v) => csvCell(v))).toEqual([-3, 0, 2.5, "Champions", "a=b", null, undefined]);
    expect(csvCell(12345678901234567890n)).toBe("12345678901234567890");
  });

  test("a query result's schema says which columns are dates", () => {
    const rows = Object.assign([{ customer_id: "=1+1", first_order: Date.UTC(2011, 0, 4), orders: 3 }], {
      schema: [{ name: "customer_id", type: "string" }, { name: "first_order", type: "date" }, { name: "orders", type: "integer" }],
    });
    expect(csvRows(rows)).toEqual([{ customer_id: "'=1+1", first_order: "2011-01-04", orders: 3 }]);
  });

  test("an Arrow schema (what DuckDBClient's query results carry): Timestamp and Date fields are dates", () => {
    const type = (text: string) => ({ toString: () => text });
    const rows = Object.assign([{ last_order: Date.UTC(2011, 0, 4, 9, 30), first_day: Date.UTC(2010, 11, 1), monetary: 12.5 }], {
      schema: { fields: [{ name: "last_order", type: type("Timestamp<MICROSECOND>") }, { name: "first_day", type: type("Date32<DAY>") }, { name: "monetary", type: type("Float64") }] },
    });
    expect(csvRows(rows)).toEqual([{ last_order: "2011-01-04T09:30:00Z", first_day: "2010-12-01", monetary: 12.5 }]);
    expect(csvRows([{ a: 1 }])).toEqual([{ a: 1 }]);
  });

  test("fractions rounded as a reader would: money to cents, prices to four decimals, other fractions to six significant digits", () => {
    // Hand-worked: 0.1 + 0.2 is 0.30000000000000004 in floating point; a spend of 1234.5678 is 1234.57.
    const rows = csvRows([{ customer_id: "12346", monetary: 1234.5678, aov: 77.16499999, unit_price: 2.54999999, retention_rate: 0.1 + 0.2, p_value: 0.000012345678, orders: 7, net_value: -2.005 }]);
    expect(rows).toEqual([{ customer_id: "12346", monetary: 1234.57, aov: 77.16, unit_price: 2.55, retention_rate: 0.3, p_value: 0.0000123457, orders: 7, net_value: -2 }]);
    expect(["revenue", "lifetime_value", "revenue_per_member", "spend", "cltv"].map(moneyDecimals)).toEqual([2, 2, 2, 2, 2]);
    expect(["p_value", "p_alive", "share_of_monetary", "retention_rate", "lift", "unit_price"].map(moneyDecimals)).toEqual([null, null, null, null, null, 4]);
    expect(csvCell(3, false, "monetary")).toBe(3);
  });
});
