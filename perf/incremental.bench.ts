// npm run bench:incremental: the rebuild after a month is appended to a generated store's order
// lines and events, with the incremental models recomputing their changed partitions, against the
// same rebuild without them (the partitions kept by the first build removed, so those models are
// rebuilt in full), each from a copy of the same warehouse, in fresh processes. Medians of --runs.
// With --folders the order lines and events are folder sources and the month comes as a new file:
// the sources then read that file only, and the rebuild without also reads every file again.
//   npm run bench:incremental -- [--runs 3] [--order-lines 1000000] [--folders]
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase, queryRows } from "../data-loaders/pipeline/duckdb.ts";
import { partitionTablePrefix } from "../data-loaders/pipeline/incremental.ts";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";
import { findSpecFiles } from "../data-loaders/pipeline/project.ts";
import { readRunLog } from "../data-loaders/pipeline/run.ts";
import { warehouseFile } from "../data-loaders/pipeline/warehouse.ts";
import { readSpecs } from "../data-loaders/testing/specs.ts";
import { appendedStore, folderConfig, storeConfig } from "../test/helpers/appended-store.ts";
import { filePartsTable } from "../data-loaders/sources/file-parts.ts";
import { fmt, measure, median, type Measurement } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "order-lines": { type: "string", default: "1000000" }, folders: { type: "boolean", default: false } } });
const folders = values.folders;
const runs = Number(values.runs);
const orderLines = Number(values["order-lines"]);
const work = mkdtempSync(join(tmpdir(), "bench-incremental-"));
const store = join(work, "store");
const raw = join(work, "raw");
const incrementalModels = readSpecs(findSpecFiles()).docs.filter((d) => d.incremental).map((d) => d.name);
// The steps reported one by one: the appended sources and the incremental models.
const reported = ["src_order_lines", "src_events", ...incrementalModels];

try {
  process.stderr.write(`bench:incremental: generating a store of ${orderLines.toLocaleString("en-US")} order lines in ${work}\n`);
  const generated = spawnSync(process.execPath, ["--import", "tsx", "data-loaders/generator/cli.ts", "--order-lines", String(orderLines), "--out", store], { cwd: projectRoot, encoding: "utf8" });
  if (generated.status !== 0) throw new Error(`generation failed:\n${generated.stderr}`);
  const configPath = join(work, "incremental.yml");
  writeFileSync(configPath, (folders ? folderConfig : storeConfig)("incremental", "raw"));
  const month = await appendedStore(store, work);
  const { cutoff, rows } = month;

  const firstBuilds: Measurement[] = [];
  const incremental: Measurement[] = [];
  const whole: Measurement[] = [];
  const modelMs = new Map<string, { incremental: number[]; whole: number[] }>(reported.map((m) => [m, { incremental: [], whole: [] }]));
  const useFiles = (first: boolean) => (folders ? month.useFolders(raw, first) : month.useFiles(raw, first));
  for (let i = 0; i < runs; i++) {
    const withPartitions = join(work, `run-${i}`);
    const without = join(work, `run-${i}-whole`);
    rmSync(raw, { recursive: true, force: true });
    useFiles(true);
    firstBuilds.push(measure(["pipeline", configPath, withPartitions]));
    cpSync(withPartitions, without, { recursive: true });
    await dropKeptPartitions(warehouseFile(without));
    useFiles(false);
    // Alternated, so that neither always runs on a warmer machine.
    const order = i % 2 === 0 ? [withPartitions, without] : [without, withPartitions];
    for (const cacheDir of order) {
      const m = measure(["pipeline", configPath, cacheDir]);
      (cacheDir === withPartitions ? incremental : whole).push(m);
      const steps = new Map(readRunLog(cacheDir).steps.map((s) => [s.name, s.ms]));
      for (const [model, times] of modelMs) (cacheDir === withPartitions ? times.incremental : times.whole).push(steps.get(model) ?? 0);
    }
    process.stderr.write(`  run ${i + 1}/${runs}: first build ${fmt(firstBuilds[i].wallMs)}, rebuild after the month ${fmt(incremental[i].wallMs)} incremental, ${fmt(whole[i].wallMs)} without\n`);
    rmSync(withPartitions, { recursive: true, force: true });
    rmSync(without, { recursive: true, force: true });
  }

  const wall = (ms: Measurement[]) => median(ms.map((m) => m.wallMs));
  const n = (x: number) => x.toLocaleString("en-US");
  console.log(`\nIncremental rebuild: a generated store of ${n(rows.order_lines[1])} order lines and ${n(rows.events[1])} events, its last month ${folders ? "added as a new file of folder sources" : "appended"} after a build of the rest`);
  console.log(`  (order lines ${n(rows.order_lines[0])} -> ${n(rows.order_lines[1])}, events ${n(rows.events[0])} -> ${n(rows.events[1])}; cut at ${cutoff}); wall time, median of ${runs}`);
  console.log(`  first build (cold)                              ${fmt(wall(firstBuilds)).padStart(10)}`);
  console.log(`  rebuild, incremental models recompute changes   ${fmt(wall(incremental)).padStart(10)}`);
  console.log(`  rebuild, the same models rebuilt in full        ${fmt(wall(whole)).padStart(10)}`);
  console.log(`  ratio incremental / in full: ${(wall(incremental) / wall(whole)).toFixed(2)}x`);
  for (const [model, times] of modelMs) console.log(`    ${model.padEnd(28)}${fmt(median(times.incremental)).padStart(10)} incremental ${fmt(median(times.whole)).padStart(10)} in full`);
  console.log(`  machine load (1-minute average) at the end: ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Removes the partitions a build kept (and with --folders the files' tables), so that the next build of the incremental models (and sources) is a full one. */
async function dropKeptPartitions(file: string): Promise<void> {
  const { instance, connection } = await openDatabase(file);
  try {
    const kept = await queryRows(connection, `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND starts_with(table_name, '${partitionTablePrefix}')`);
    if (kept.length !== incrementalModels.length) throw new Error(`expected the partitions of ${incrementalModels.join(", ")}, found ${kept.map((r) => r.table_name).join(", ") || "none"}`);
    for (const row of kept) await connection.run(`DROP TABLE "${String(row.table_name)}"`);
    // Folder sources: the records of the files' tables, so that every file is read again.
    if (folders) await connection.run(`DELETE FROM ${filePartsTable}`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
