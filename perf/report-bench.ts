// What the per-report benchmarks (bench:engagement, bench:attribution, bench:funnels) share: a
// generated store scaled to a number of order lines, cold pipeline runs in fresh processes with
// models one at a time (so per-model times add up to the run's), and the data tests and Parquet
// exports of a report's marts timed on the warehouse the last run built.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { parse, stringify } from "yaml";
import { defaultConfigPath } from "../data-loaders/pipeline/paths.ts";
import { findSpecFiles } from "../data-loaders/pipeline/project.ts";
import { provenUniqueKeys, runTests } from "../data-loaders/testing/run-tests.ts";
import { writeMart } from "../data-loaders/pipeline/export-marts.ts";
import { readSpecs, sortedTables } from "../data-loaders/testing/specs.ts";
import { readRunLog } from "../data-loaders/pipeline/run.ts";
import { fmt, measure, median, type Measurement } from "./stats.ts";

/** The default config, with the generated store scaled to about `orderLines` lines in the bench folder. */
export function scaledStoreConfig(work: string, bench: string, orderLines: number): string {
  const raw = parse(readFileSync(defaultConfigPath, "utf8")) as Record<string, any>;
  const out = join(work, "store");
  raw.name = `${bench}-${orderLines}`;
  raw.generate = { ...raw.generate, out, order_lines: orderLines };
  for (const source of Object.values(raw.sources ?? {}) as { path: string }[]) source.path = join(out, source.path.split("/").pop()!);
  const path = join(work, "bench.config.yml");
  writeFileSync(path, stringify(raw));
  return path;
}

export interface ColdRun {
  /** The pipeline's own time (last-run.json) and the process's wall time and peak RSS. */
  inner: number;
  wall: number;
  rss: number;
  steps: Map<string, number>;
  /** Each model's CPU time (the pipeline's steps run one at a time here, so each is that model's own). */
  cpuSteps: Map<string, number>;
}

// Models one at a time: built side by side, their times overlap and would not add up to the run's.
const sequential = { BENCH_MODEL_CONCURRENCY: "1" };

/** A measured pipeline run as its run log (in `cacheDir`) and the measurement give it. */
function coldRun(cacheDir: string, m: Measurement): ColdRun {
  const log = readRunLog(cacheDir);
  return { inner: log.ms, wall: m.wallMs, rss: m.maxRssMb, steps: new Map(log.steps.map((s) => [s.name, s.ms])), cpuSteps: new Map(log.steps.map((s) => [s.name, s.cpuMs ?? 0])) };
}

/**
 * A warm-up run (it generates the store when needed), then `runs` cold runs, each into a fresh
 * cache; only the last run's cache is kept, for the caller to query. `progress` adds to each run's line.
 * `warmUp: false` skips the warm-up, for a store that exists already (a 5M-line pipeline run
 * takes about 20 minutes on this machine).
 */
export function coldPipelineRuns(bench: string, configPath: string, work: string, runs: number, progress: (run: ColdRun) => string = () => "", { warmUp = true }: { warmUp?: boolean } = {}): { timings: ColdRun[]; lastCache: string } {
  if (warmUp) {
    process.stderr.write(`${bench}: warm-up run (generates the store if needed) in ${work}\n`);
    measure(["pipeline", configPath, join(work, "warmup")], sequential);
    rmSync(join(work, "warmup"), { recursive: true, force: true });
  }
  const timings: ColdRun[] = [];
  let lastCache = "";
  for (let i = 0; i < runs; i++) {
    const cacheDir = join(work, `run-${i}`);
    const m = measure(["pipeline", configPath, cacheDir], sequential);
    const run = coldRun(cacheDir, m);
    timings.push(run);
    process.stderr.write(`  run ${i + 1}/${runs}: pipeline ${fmt(run.inner)}${progress(run)}\n`);
    if (lastCache) rmSync(lastCache, { recursive: true, force: true });
    lastCache = cacheDir;
  }
  return { timings, lastCache };
}

/**
 * What a group of models adds to a build as `npm run build` runs it (models side by side, the
 * default concurrency): cold runs of the whole pipeline alternated with cold runs that build every
 * other model (`others`, with what they depend on), so that a model that leaves a core idle (one
 * that works in JavaScript) is charged only for the time it adds. Fails if a run without the group
 * built any of `group` (another model depends on it, so it cannot be left out).
 */
export function withAndWithoutRuns(bench: string, configPath: string, work: string, runs: number, others: string[], group: string[]): { whole: ColdRun[]; without: ColdRun[] } {
  const whole: ColdRun[] = [];
  const without: ColdRun[] = [];
  const run = (name: string, env: NodeJS.ProcessEnv) => {
    const cacheDir = join(work, name);
    const m = measure(["pipeline", configPath, cacheDir], env);
    const done = coldRun(cacheDir, m);
    rmSync(cacheDir, { recursive: true, force: true });
    return done;
  };
  for (let i = 0; i < runs; i++) {
    const w = run(`whole-${i}`, {});
    whole.push(w);
    const o = run(`without-${i}`, { BENCH_SELECT: others.join(",") });
    const built = group.filter((n) => o.steps.has(n));
    if (built.length) throw new Error(`${bench}: the run without them still built ${built.join(", ")}`);
    without.push(o);
    // The slowest steps of each run, to tell an outlier's cause (on this machine a run is at times 25% slower).
    const slowest = (r: ColdRun) => [...r.steps].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, ms]) => `${n} ${fmt(ms)}`).join(", ");
    process.stderr.write(`  side by side ${i + 1}/${runs}: whole pipeline ${fmt(w.inner)} (slowest: ${slowest(w)}), without them ${fmt(o.inner)} (slowest: ${slowest(o)})\n`);
  }
  return { whole, without };
}

/** Median time of the data tests on `relations` and of the Parquet export of `marts`, over `runs` repeats. */
export async function timeTestsAndExports(connection: DuckDBConnection, relations: string[], marts: string[], runs: number, work: string): Promise<{ tests: number; testMs: number; exportMs: number }> {
  const specs = readSpecs(findSpecFiles());
  const tests = specs.tests.filter((t) => relations.includes(t.relation));
  const sortedBy = sortedTables(specs);
  const testMs: number[] = [];
  const exportMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    // The runner's own code: its batched tests, then each mart written as the pipeline writes it
    // (sorted on the unique keys those tests proved unless stored in that order, with its compression and row groups).
    let started = performance.now();
    const results = await runTests(connection, tests);
    testMs.push(performance.now() - started);
    const keys = provenUniqueKeys(results);
    started = performance.now();
    for (const mart of marts) await writeMart(connection, join(work, `${mart}.parquet`), mart, keys.get(mart) ?? [], sortedBy.get(mart) ?? []);
    exportMs.push(performance.now() - started);
  }
  return { tests: tests.length, testMs: median(testMs), exportMs: median(exportMs) };
}
