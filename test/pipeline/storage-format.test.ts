// The warehouse a build creates is in DuckDB's newest storage format (faster to write, smaller);
// one made earlier in DuckDB's default v1.0 format is kept as it is and still builds, to the same marts.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, test } from "vitest";
import { openDatabase, queryValue } from "../../data-loaders/pipeline/duckdb.ts";
import { tempProject, uciCsv } from "../helpers/temp-project.ts";

const files = {
  "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n",
  "raw/lines.csv": uciCsv(["500001,P1,THING,2,2011-01-01 10:00:00,3.5,1.0,United Kingdom", "500002,P2,OTHER,1,2011-01-02 10:00:00,10,2.0,France"]),
  "models/marts/customer_revenue.sql": "select customer_id, sum(quantity * unit_price) as revenue from src_order_lines group by all",
};

async function storageVersion(file: string): Promise<string> {
  const { instance, connection } = await openDatabase(file);
  try {
    return String(await queryValue(connection, "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("warehouse storage format", () => {
  test("a new warehouse is written in the newest format; an old one is kept and still builds", async () => {
    const fresh = tempProject(files);
    expect((await fresh.run()).failed).toBe(false);
    const newest = await storageVersion(join(fresh.root, ".cache", "warehouse.duckdb"));
    expect(newest).not.toBe("v1.0.0+");
    expect(newest).toMatch(/^v1\.([5-9]|\d\d)\./);

    const old = tempProject(files);
    mkdirSync(join(old.root, ".cache"), { recursive: true });
    const oldFile = join(old.root, ".cache", "warehouse.duckdb");
    // What a build made before this change left: DuckDB's default format.
    (await DuckDBInstance.create(oldFile)).closeSync();
    expect(await storageVersion(oldFile)).toBe("v1.0.0+");
    expect((await old.run()).failed).toBe(false);
    expect(await storageVersion(oldFile)).toBe("v1.0.0+");
    expect(await old.mart("customer_revenue")).toEqual(await fresh.mart("customer_revenue"));
  });
});
