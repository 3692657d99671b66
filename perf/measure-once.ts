// One measured run in a fresh process, so that peak memory is this run's alone:
//   tsx perf/measure-once.ts pipeline <config> <cacheDir>   cold pipeline run (env BENCH_MODEL_CONCURRENCY,
//     BENCH_SELECT: comma-separated --select selectors, to build part of the project; BENCH_EARLY_CUTOFF=off)
//   tsx perf/measure-once.ts bare <script.json> <db file|:memory:> <config>   the same SQL, no runner
// Prints {ms, cpuMs, maxRssMb} on stdout: cpuMs is the process's CPU time, every thread (DuckDB's too),
// the measure that holds on a machine shared with other work.
import { readFileSync } from "node:fs";
import { loadConfig } from "../data-loaders/pipeline/config.ts";
import { connect, openDatabase } from "../data-loaders/pipeline/duckdb.ts";
import { runPipeline } from "../data-loaders/pipeline/run.ts";
import { importTsModel, materialiseTsModel } from "../data-loaders/pipeline/ts-model.ts";
import type { BareStep } from "./bare-script.ts";

const [mode, ...args] = process.argv.slice(2);
const started = performance.now();
const cpuStarted = process.cpuUsage();
if (mode === "pipeline") {
  const [configPath, cacheDir] = args;
  // BENCH_MODEL_CONCURRENCY=1 builds models one by one, so that per-model times add up to the run's.
  const concurrency = process.env.BENCH_MODEL_CONCURRENCY ? Number(process.env.BENCH_MODEL_CONCURRENCY) : undefined;
  // The progress is kept, not printed, and only a failure's lines are shown (a bench must say why).
  const lines: string[] = [];
  const select = process.env.BENCH_SELECT ? process.env.BENCH_SELECT.split(",") : undefined;
  // BENCH_EARLY_CUTOFF=off: a rebuilt model's readers are rebuilt whatever its rows (perf/early-cutoff.bench.ts).
  const earlyCutoff = process.env.BENCH_EARLY_CUTOFF !== "off";
  const summary = await runPipeline({ config: { ...loadConfig({ configPath }), cacheDir }, log: (line) => lines.push(line), concurrency, select, earlyCutoff });
  if (summary.failed) throw new Error(`pipeline failed:\n${lines.filter((l) => /fail|error/i.test(l)).slice(-20).join("\n")}`);
} else if (mode === "bare") {
  const steps: BareStep[] = JSON.parse(readFileSync(args[0], "utf8"));
  const { instance, connection } = await openDatabase(args[1] ?? ":memory:");
  const vars = loadConfig({ configPath: args[2] }).vars;
  for (const step of steps) {
    if (typeof step === "string") await connection.run(step);
    else await materialiseTsModel(connection, step.name, await importTsModel(step.tsModel, "bare"), vars, () => connect(instance), { sortedBy: step.sortedBy, inputSortedBy: (input) => step.inputsSortedBy?.[input] ?? [] });
  }
  connection.closeSync();
  instance.closeSync();
} else {
  throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
