// npm run bench:products: how long the product and basket models (matched product lines, the
// product mart and its classifications, the pairs and the marts the pages read) take inside a
// whole cold pipeline run on a generated store of about 5M order lines, and how much memory they
// add. Time: each run is a fresh process building everything, models one at a time, so the
// products share is read from that run's per-model timings. Memory: on a copy of the warehouse
// the last run built, a fresh process rebuilds the product models alone (the same SQL, no
// runner) and its peak RSS is compared with a process that only opens the warehouse; that
// difference is the most the models can add to the pipeline's peak. Medians of --runs runs.
//   npm run bench:products -- [--runs 3] [--order-lines 5000000] [--config path [--no-warm-up]]
// --no-warm-up: the config's store exists already, so the warm-up run that would generate it is skipped.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../data-loaders/pipeline/config.ts";
import { openDatabase, queryValue, setVariableSql } from "../data-loaders/pipeline/duckdb.ts";
import { planModels } from "../data-loaders/pipeline/plan.ts";
import { findModels, findSeeds } from "../data-loaders/pipeline/project.ts";
import { modelMemoryLimits, modelSteps, modelViews, type BareStep } from "./bare-script.ts";
import { coldPipelineRuns, scaledStoreConfig, timeTestsAndExports } from "./report-bench.ts";
import { fmt, measure, median } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "order-lines": { type: "string", default: "5000000" }, config: { type: "string" }, "no-warm-up": { type: "boolean", default: false } } });
const runs = Number(values.runs);

const work = mkdtempSync(join(tmpdir(), "bench-products-"));
const configPath = values.config ?? scaledStoreConfig(work, "bench-products", Number(values["order-lines"]));
const config = loadConfig({ configPath });

const { instance: planDb, connection: planConnection } = await openDatabase();
const plan = await planModels(planConnection, findModels(), findSeeds());
planConnection.closeSync();
planDb.closeSync();
// product_price_consistency predates this report (the data quality page reads it): reported apart.
const isProductModel = (n: string) => n === "products" || (/^(int_)?products?_/.test(n) && n !== "product_price_consistency");
const productModels = plan.filter((m) => isProductModel(m.name));
const names = productModels.map((m) => m.name);
const published = names.filter((n) => !n.startsWith("int_"));
const groups: Record<string, string[]> = {
  "matched product lines": ["int_product_lines_matched", "product_lines"],
  "product mart and classifications": ["int_products_windowed", "products"],
  "basket pairs": ["product_pairs"],
};
groups["marts for the pages"] = names.filter((n) => !Object.values(groups).flat().includes(n));

const { timings, lastCache } = coldPipelineRuns("bench-products", configPath, work, runs, undefined, { warmUp: !values["no-warm-up"] });

const warehouse = join(lastCache, "warehouse.duckdb");
const { instance, connection } = await openDatabase(warehouse);
const count = async (sql: string) => Number(await queryValue(connection, sql));
const sizes = {
  orderLines: await count("select count(*) from src_order_lines"),
  productLines: await count("select count(*) from int_product_lines_matched"),
  products: await count("select count(*) from products"),
  orders: await count("select count(distinct invoice_id) from int_product_lines_matched where kind = 'sale'"),
  pairs: await count("select count(*) from product_pairs"),
};
const timed = await timeTestsAndExports(connection, names, published, runs, work);
connection.closeSync();
instance.closeSync();

// Memory: the product models alone on a copy of the built warehouse, against opening it alone.
const varSteps: BareStep[] = ["SET TimeZone = 'UTC'", ...Object.entries(config.vars).map(([name, value]) => setVariableSql(name, value))];
const memoryLimits = modelMemoryLimits();
const views = modelViews(plan);
const productSteps: BareStep[] = productModels.flatMap((m) => modelSteps(m, memoryLimits, views));
const memory = (steps: BareStep[], label: string) => {
  const script = join(work, `${label}.json`);
  writeFileSync(script, JSON.stringify(steps));
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const copy = join(work, `${label}.duckdb`);
    copyFileSync(warehouse, copy);
    rss.push(measure(["bare", script, copy, configPath]).maxRssMb);
    rmSync(copy, { force: true });
  }
  return median(rss);
};
const baselineRss = memory(varSteps, "open-only");
const productsRss = memory([...varSteps, ...productSteps], "products-only");

const stepMedian = (name: string) => median(timings.map((t) => t.steps.get(name) ?? 0));
const pipelineMs = median(timings.map((t) => t.inner));
const productsMs = median(timings.map((t) => names.reduce((sum, n) => sum + (t.steps.get(n) ?? 0), 0)));
const n = (v: number) => v.toLocaleString("en-US");
const share = (ms: number) => `${((100 * ms) / pipelineMs).toFixed(1)}%`;

console.log(`\nProduct and basket models, ${config.name}: ${n(sizes.orderLines)} order lines, median of ${runs} cold pipeline runs`);
console.log(`  ${n(sizes.productLines)} product lines (product x invoice), ${n(sizes.products)} products, ${n(sizes.orders)} orders, ${n(sizes.pairs)} pairs at min support ${config.vars.basket_min_support ?? "default"}`);
console.log(`  whole pipeline (raw files to tested Parquet marts): ${fmt(pipelineMs)} in-process, ${fmt(median(timings.map((t) => t.wall)))} wall, peak RSS ${Math.round(Math.max(...timings.map((t) => t.rss)))} MB`);
console.log(`  product models: ${fmt(productsMs)} = ${share(productsMs)} of the pipeline (target: at most 15%)`);
for (const [group, members] of Object.entries(groups)) {
  const ms = median(timings.map((t) => members.reduce((sum, name) => sum + (t.steps.get(name) ?? 0), 0)));
  console.log(`    ${group.padEnd(34)}${fmt(ms).padStart(9)}  ${share(ms).padStart(6)}   ${members.map((name) => `${name} ${fmt(stepMedian(name))}`).join(", ")}`);
}
console.log(`  product_price_consistency (existing, data quality page; not counted): ${fmt(stepMedian("product_price_consistency"))}`);
console.log(`  their ${timed.tests} data tests: ${fmt(timed.testMs)}; Parquet export of the ${published.length} marts: ${fmt(timed.exportMs)} (on the built warehouse)`);
console.log(`  memory: the product models alone peak at ${Math.round(productsRss)} MB RSS against ${Math.round(baselineRss)} MB for opening the warehouse: at most ${Math.round(productsRss - baselineRss)} MB added (target: at most 1024 MB)`);

rmSync(work, { recursive: true, force: true });
