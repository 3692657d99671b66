// Which product model needs the memory: each rebuilt alone on a copy of a built warehouse (a
// fresh process per model, under its own memory_limit as the runner builds it), against a process
// that only opens the warehouse; then all of them in order, as bench:products measures them. Takes
// minutes where bench:products takes a whole pipeline run (20 minutes at 5M order lines).
//   TZ=UTC tsx perf/products-memory.ts <warehouse.duckdb> <config> [model,model,...] [runs]
// (MEM_WORK: the folder for the warehouse copies, default the system's temporary folder.)
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../data-loaders/pipeline/config.ts";
import { openDatabase, setVariableSql } from "../data-loaders/pipeline/duckdb.ts";
import { planModels } from "../data-loaders/pipeline/plan.ts";
import { findModels, findSeeds } from "../data-loaders/pipeline/project.ts";
import { modelMemoryLimits, modelSortedBy, modelSteps, modelViews, type BareStep } from "./bare-script.ts";
import { measure, median } from "./stats.ts";

const [warehouse, configPath, only, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 1);
const config = loadConfig({ configPath });
const { instance, connection } = await openDatabase();
const plan = await planModels(connection, findModels(), findSeeds());
connection.closeSync();
instance.closeSync();
const isProductModel = (n: string) => n === "products" || (/^(int_)?products?_/.test(n) && n !== "product_price_consistency");
const wanted = only ? only.split(",") : plan.filter((m) => isProductModel(m.name)).map((m) => m.name);
const work = mkdtempSync(join(process.env.MEM_WORK ?? tmpdir(), "products-memory-"));
const varSteps: BareStep[] = ["SET TimeZone = 'UTC'", ...Object.entries(config.vars).map(([name, value]) => setVariableSql(name, value))];
const memoryLimits = modelMemoryLimits();
const views = modelViews(plan);
const sorted = modelSortedBy(plan);
const stepOf = (name: string): BareStep[] => modelSteps(plan.find((p) => p.name === name)!, memoryLimits, views, sorted);
const memory = (steps: BareStep[], label: string) => {
  const script = join(work, `${label}.json`);
  writeFileSync(script, JSON.stringify(steps));
  const rss: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const copy = join(work, `${label}.duckdb`);
    copyFileSync(warehouse, copy);
    const m = measure(["bare", script, copy, configPath]);
    rss.push(m.maxRssMb);
    ms.push(m.ms);
    rmSync(copy, { force: true });
    rmSync(`${copy}.wal`, { force: true });
  }
  return { rss: median(rss), ms: median(ms) };
};
const base = memory(varSteps, "open-only");
console.log(`open only: ${Math.round(base.rss)} MB (${(base.ms / 1000).toFixed(1)} s)`);
for (const name of wanted) {
  const m = memory([...varSteps, ...stepOf(name)], name);
  console.log(`${name.padEnd(30)} ${String(Math.round(m.rss)).padStart(6)} MB  +${Math.round(m.rss - base.rss)} MB  ${(m.ms / 1000).toFixed(1)} s`);
}
if (!only) {
  const all = memory([...varSteps, ...wanted.flatMap(stepOf)], "all");
  console.log(`all product models in order ${Math.round(all.rss)} MB  +${Math.round(all.rss - base.rss)} MB  ${(all.ms / 1000).toFixed(1)} s`);
}
rmSync(work, { recursive: true, force: true });
