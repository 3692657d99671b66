// npm run sources -- inspect: each fixture written in a known format is matched to its preset at
// 100% with a snippet that loads it; a file in no known format gets no preset, and a file lacking
// one column gets a snippet that names it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse } from "yaml";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { openDatabase } from "../../data-loaders/pipeline/duckdb.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { formatInspection, inspectFile } from "../../data-loaders/sources/inspect.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

let db: { instance: DuckDBInstance; connection: DuckDBConnection };
beforeAll(async () => {
  db = await openDatabase(":memory:");
});
afterAll(() => {
  db.connection.closeSync();
  db.instance.closeSync();
});

test("a UCI export, CDNOW's headerless log and an ab_data export each get their preset and a snippet that names it", async () => {
  const project = tempProject();
  const uci = project.write("raw/uci.csv", uciCsv(["536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,France"]));
  const cdnow = project.write("raw/cdnow.txt", " 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n");
  const ab = project.write("raw/ab.csv", "user_id,timestamp,group,landing_page,converted\n851104,2017-01-21 22:11:48,control,old_page,0\n");
  const shopify = project.write("raw/orders_export.csv", readFileSync(join(projectRoot, "test/sources/fixtures/shopify_orders_export.csv"), "utf8"));
  for (const [path, table, preset] of [[uci, "order_lines", "uci_online_retail"], [cdnow, "order_lines", "cdnow_transactions"], [ab, "experiment_assignments", "ab_data"], [shopify, "order_lines", "shopify_orders"]]) {
    const result = await inspectFile(db.connection, path, "exports/file");
    expect(result.best, formatInspection(result)).toMatchObject({ table, preset, score: 1, missing: [] });
    expect(parse(result.snippet!)).toEqual({ sources: { [table]: { path: "exports/file", preset } } });
  }
});

test("a file lacking a required column gets the closest preset with that column left to map; a file in no known shape gets none", async () => {
  const project = tempProject();
  const lacking = project.write("raw/lacking.csv", "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,Country\n536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,France\n");
  const result = await inspectFile(db.connection, lacking);
  expect(result.best).toMatchObject({ table: "order_lines", preset: "uci_online_retail", missing: ["CustomerID"] });
  expect(parse(result.snippet!).sources.order_lines.columns).toEqual({ customer_id: "<column of this file>" });
  const unknown = project.write("raw/weather.csv", "city,celsius\nOslo,-3\n");
  const none = await inspectFile(db.connection, unknown);
  expect(none.best).toBeUndefined();
  expect(formatInspection(none)).toMatch(/none fits/);
  await expect(inspectFile(db.connection, project.write("raw/empty-dir/x", "") && `${project.root}/raw/empty-dir`)).rejects.toThrow(/is a folder/);
});
