// lib/enum-columns.ts: a text column as an ENUM of its values (funnel_events, funnel_sessions). The
// ENUM must sort and compare as the text does, since funnel_events numbers events by a sort that
// includes the event name and page; values with quotes must survive; too many values stay text.
import { describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { asEnum, columnValuesSql, distinctValues, maxEnumValues } from "../../data-loaders/lib/enum-columns.ts";

describe("asEnum", () => {
  it("sorts, compares and reads back as the text, with quotes, case, accents, spaces and the empty string", async () => {
    const { connection } = await openDatabase();
    const query = (sql: string) => queryRows(connection, sql);
    const texts = ["b", "B", "a", "'quoted'", "it's", "", " leading", "é", "e", "Z", "/product/10", "/product/9", "z"];
    await connection.run(`create table t as select * from (values ${[...texts.map((v) => `('${v.replaceAll("'", "''")}')`), "(null)"].join(", ")}) as v(value)`);
    const values = await distinctValues(query, "select value from t");
    expect(values).toHaveLength(texts.length);
    const rows = await query(`select value, ${asEnum("value", values)} as coded from t`);
    expect(rows.map((r) => r.coded)).toEqual(rows.map((r) => r.value));
    const [{ type }] = await query(`select typeof(${asEnum("value", values)}) as type from t limit 1`);
    expect(String(type)).toMatch(/^ENUM\(/);
    const byText = await query("select value from t order by value nulls first");
    const byEnum = await query(`select value from (select value, ${asEnum("value", values)} as coded from t) order by coded nulls first`);
    expect(byEnum.map((r) => r.value)).toEqual(byText.map((r) => r.value));
    // A comparison with a text literal compares the text.
    const [{ n }] = await query(`select count(*) as n from (select ${asEnum("value", values)} as coded from t) where coded = 'it''s'`);
    expect(Number(n)).toBe(1);
  });

  it("leaves a column with no values, or more than maxEnumValues, as VARCHAR", () => {
    expect(asEnum("page", [])).toBe("cast(page as varchar)");
    const many = Array.from({ length: maxEnumValues + 1 }, (_, i) => `/p/${i}`);
    expect(asEnum("page", many)).toBe("cast(page as varchar)");
    expect(asEnum("page", many.slice(0, maxEnumValues))).toMatch(/^cast\(page as enum\('\/p\/0', /);
  });
});

describe("columnValuesSql", () => {
  it("gives an ENUM column's values from its type (those no row holds too), a text column's from its rows, and none for an empty table", async () => {
    const { connection } = await openDatabase();
    const query = (sql: string) => queryRows(connection, sql);
    await connection.run("create table coded as select cast(v as enum('b', 'a', 'unused')) as c from (values ('a'), ('b'), (null)) as t(v)");
    await connection.run("create table texts as select v as c from (values ('b'), ('a'), ('a'), (null)) as t(v)");
    await connection.run("create table empty (c enum('x'))");
    const values = async (table: string) => distinctValues(query, `${await columnValuesSql(query, table, "c")} union all select '(none)'`);
    expect(await values("coded")).toEqual(["(none)", "a", "b", "unused"]);
    expect(String(await columnValuesSql(query, "coded", "c"))).toContain("enum_range");
    expect(await values("texts")).toEqual(["(none)", "a", "b"]);
    expect(await values("empty")).toEqual(["(none)"]);
  });
});
