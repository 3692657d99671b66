// The size knobs: customers, order lines, span. What the pipeline and the scale benchmark rely on.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateStore } from "../../data-loaders/generator/index.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const outDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "store-scale-"));
  dirs.push(dir);
  return dir;
};

describe("scale and span", () => {
  it("sizes the store for a wanted number of order lines", async () => {
    const truth: any = await generateStore({ outDir: outDir(), orderLines: 60_000 });
    expect(truth.files.order_lines.rows).toBeGreaterThan(60_000 * 0.8);
    expect(truth.files.order_lines.rows).toBeLessThan(60_000 * 1.2);
    expect(truth.generator.scale.order_lines_requested).toBe(60_000);
  }, 60_000);

  it("gives about the customers asked for, over the span asked for", async () => {
    const truth: any = await generateStore({ outDir: outDir(), customers: 800, startDate: "2023-07-01", months: 12 });
    expect(Math.abs(truth.files.customers.rows - 800)).toBeLessThan(0.12 * 800);
    expect(truth.generator.span).toMatchObject({ start_date: "2023-07-01", end_date: "2024-06-30", days: 366 });
  }, 60_000);

  it("takes the pipeline's settings object, with unset fields left undefined", async () => {
    const truth: any = await generateStore({ outDir: outDir(), seed: 3, customers: 200, orderLines: undefined, months: undefined, startDate: undefined, format: "parquet" });
    expect(truth.generator.span.end_date).toBe("2025-12-31");
  }, 60_000);

  it("refuses options it cannot honour", async () => {
    await expect(generateStore({ outDir: outDir(), months: 0 })).rejects.toThrow(/months/);
    await expect(generateStore({ outDir: outDir(), startDate: "2024-02-30" })).rejects.toThrow(/calendar date/);
    await expect(generateStore({ outDir: outDir(), seed: 1.5 })).rejects.toThrow(/seed/);
  });
});
