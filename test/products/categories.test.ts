// Products by category: a category column in the order lines wins (the one a product's lines give
// most often, ties to the first by name); seeds/product_categories.csv fills products whose lines
// give none; the rest have no category. Worked by hand on six lines.
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { modelsDir, seedsDir } from "../../data-loaders/pipeline/paths.ts";
import { tempProject } from "../helpers/temp-project.ts";

const lines = [
  "invoice_id,product_id,product_name,quantity,unit_price,invoiced_at,customer_id,country,category",
  "1,P1,MUG,2,5,2024-01-10 10:00:00,c1,France,Kitchen",
  "2,P1,MUG,1,5,2024-01-11 10:00:00,c2,France,Kitchen",
  "3,P1,MUG,1,5,2024-01-12 10:00:00,c2,France,Gifts",   // P1: Kitchen twice, Gifts once -> Kitchen
  "3,P2,CARD,4,1,2024-01-12 10:00:00,c2,France,Gifts",
  "4,P2,CARD,1,1,2024-01-13 10:00:00,c1,France,Cards",  // P2: Gifts once, Cards once -> Cards (first by name)
  "4,P3,LAMP,1,30,2024-01-13 10:00:00,c1,France,",      // P3: none written; the seed says Lighting
  "5,P4,VASE,1,12,2024-01-14 10:00:00,c1,France,",      // P4: none anywhere
].join("\n") + "\n";

test("a product's category comes from its lines, else the seed; the breakdown sums revenue per category", async () => {
  const project = tempProject({ "analytics.config.yml": "name: t\nsources:\n  order_lines:\n    path: lines.csv\n", "lines.csv": lines.replace(/ +\/\/.*$/gm, "") });
  const seeds = join(project.root, "seeds-copy");
  cpSync(seedsDir, seeds, { recursive: true });
  writeFileSync(join(seeds, "product_categories.csv"), "product_id,category\nP3,Lighting\nP1,Ignored because the lines name one\n");
  const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seeds, select: ["product_breakdowns"] });
  expect(run.failed).toBe(false);
  const products = Object.fromEntries((await project.mart("products")).map((p) => [p.product_id, p.category]));
  expect(products).toEqual({ P1: "Kitchen", P2: "Cards", P3: "Lighting", P4: null });
  const byCategory = (await project.mart("product_breakdowns")).filter((r) => r.dimension === "category").map((r) => [r.value, Number(r.products), Number(r.revenue)]);
  expect(byCategory).toEqual([["(no category)", 1, 12], ["Cards", 1, 5], ["Kitchen", 1, 20], ["Lighting", 1, 30]]);
});

test("without any category the breakdown has no category rows", async () => {
  const project = tempProject({ "analytics.config.yml": "name: t\nsources:\n  order_lines:\n    path: lines.csv\n", "lines.csv": lines.replace(/ +\/\/.*$/gm, "").replace(/,(Kitchen|Gifts|Cards)$/gm, ",") });
  const run = await project.run({ modelsRoot: modelsDir, seedsRoot: seedsDir, select: ["product_breakdowns"] });
  expect(run.failed).toBe(false);
  expect((await project.mart("product_breakdowns")).filter((r) => r.dimension === "category")).toEqual([]);
});
