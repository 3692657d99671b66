// Same options, same bytes; another seed or scale, other bytes. CSV output keeps its promises too.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { generateStore, type GenerateOptions } from "../../data-loaders/generator/index.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function hashes(options: Omit<GenerateOptions, "outDir">): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), "store-hash-"));
  dirs.push(dir);
  await generateStore({ ...options, outDir: dir });
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash("sha256").update(readFileSync(join(dir, f))).digest("hex")]));
}

const small = { customers: 300, seed: 5 };

describe("determinism", () => {
  it("writes byte-identical files for the same seed and scale", async () => {
    const [a, b] = [await hashes(small), await hashes(small)];
    expect(Object.keys(a)).toEqual(["customers.parquet", "events.parquet", "experiment_assignments.parquet", "ground_truth.json", "order_lines.parquet"]);
    expect(b).toEqual(a);
  }, 60_000);

  it("writes other files for another seed or another scale", async () => {
    const base = await hashes(small);
    const otherSeed = await hashes({ ...small, seed: 6 });
    const otherScale = await hashes({ ...small, customers: 301 });
    for (const file of ["order_lines.parquet", "events.parquet", "customers.parquet"]) {
      expect(otherSeed[file]).not.toBe(base[file]);
      expect(otherScale[file]).not.toBe(base[file]);
    }
  }, 60_000);

  it("writes deterministic gzip'd CSV with a header and plain timestamps", async () => {
    const options = { ...small, format: "csv" as const };
    const [a, b] = [await hashes(options), await hashes(options)];
    expect(Object.keys(a)).toEqual(["customers.csv.gz", "events.csv.gz", "experiment_assignments.csv.gz", "ground_truth.json", "order_lines.csv.gz"]);
    expect(b).toEqual(a);
    const dir = dirs.at(-1)!;
    const lines = gunzipSync(readFileSync(join(dir, "order_lines.csv.gz"))).toString("utf8").split("\n");
    expect(lines[0]).toBe("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country");
    expect(lines[1]).toMatch(/^\d{6,},[^,]+,[^,]*,-?\d+,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00,-?\d+(\.\d{1,2})?,\d*,.+$/);
    const truth = JSON.parse(readFileSync(join(dir, "ground_truth.json"), "utf8"));
    expect(lines.filter((l) => l !== "").length - 1).toBe(truth.files.order_lines.rows);
    const events = gunzipSync(readFileSync(join(dir, "events.csv.gz"))).toString("utf8").split("\n", 2);
    expect(events[0]).toBe("user_id,session_id,event_name,event_at,source,medium,campaign,device_category,country,transaction_id,revenue,page");
    expect(events[1].split(",")[3]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  }, 60_000);
});
