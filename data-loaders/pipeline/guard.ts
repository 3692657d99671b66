// The pipeline in a child process of its own, watched by the process that asked for it (npm run
// marts, npm run build). DuckDB is held to the memory limit and spills (duckdb.ts), but
// TypeScript models and the runner itself live in Node's heap, which DuckDB's limit does not
// bound: when that heap runs out V8 aborts the whole process, printing only its own stack, and
// the system's out-of-memory killer (kill -9) leaves no word at all. A process cannot report its
// own death, so this one starts the pipeline with its heap held to the same limit, and when the
// child dies it says which step was running (running.ts), which limit was hit, and that the marts
// were left as they were (export-marts.ts swaps the whole set in only after a run that succeeded).
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import { memoryBytes, memoryLimit } from "./duckdb.ts";
import { martsDir } from "./export-marts.ts";
import { displayPath, projectRoot } from "./paths.ts";
import { readRunning } from "./running.ts";

/** What the child runs: runPipeline's options, as plain data. */
export interface PipelineRequest {
  configPath?: string;
  sources?: string[];
  vars?: string[];
  select?: string[];
  fullRefresh?: boolean;
  modelsRoot?: string;
  seedsRoot?: string;
  /** Instead of the config's own (tests). */
  cacheDir?: string;
}

export type GuardedOutcome =
  | { status: "succeeded" | "failed" }
  /** The child reported an error a user can act on and exited (it printed it). */
  | { status: "error" }
  /** The child died without finishing: `message` says what was running and why, as far as can be told. */
  | { status: "died"; message: string };

const minimumHeapMb = 256;

/**
 * Node's old-space limit for the pipeline process: the build's memory limit (ANALYTICS_MEMORY_LIMIT,
 * the one DuckDB is held to), but never more than V8's own default for this machine (4 GiB on a
 * 64-bit machine of 16 GB or more), so that DuckDB's half of the machine plus Node's heap stay
 * within it; at least 256 MiB, what the runner itself needs to start.
 */
export function nodeHeapLimit(env: NodeJS.ProcessEnv = process.env): { mb: number; source: string } {
  const { limit, source } = memoryLimit(env);
  const limitMb = Math.floor(memoryBytes(limit)! / 2 ** 20);
  const v8DefaultMb = Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
  if (limitMb < v8DefaultMb) return { mb: Math.max(minimumHeapMb, limitMb), source: source === "ANALYTICS_MEMORY_LIMIT" ? `ANALYTICS_MEMORY_LIMIT=${limit}` : source };
  return { mb: v8DefaultMb, source: "V8's default for this machine, below the build's memory limit" };
}

const childScript = join(projectRoot, "data-loaders", "pipeline", "child.ts");

/**
 * Runs the pipeline in a child process and waits for it. `cacheDir` is the run's cache folder
 * (where the child records what it is running); `onSpawn` lets a caller stop the child with
 * itself. The child's progress goes to this process's stderr as it comes.
 */
export function runPipelineGuarded(request: PipelineRequest, { cacheDir, env = process.env, onSpawn }: { cacheDir: string; env?: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void }): Promise<GuardedOutcome> {
  const heap = nodeHeapLimit(env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heap.mb}`, "--import", "tsx", childScript, JSON.stringify(request)], { cwd: projectRoot, env, stdio: ["ignore", "inherit", "pipe"] });
    onSpawn?.(child);
    // The end of what the child printed, to tell V8's out-of-heap abort from other deaths.
    let tail = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString()).slice(-8192);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) return resolve({ status: "succeeded" });
      if (code === 1) return resolve({ status: "failed" });
      if (code === 2) return resolve({ status: "error" });
      resolve({ status: "died", message: deathMessage({ code, signal, tail, heap, running: readRunning(cacheDir, child.pid), marts: martsDir(cacheDir) }) });
    });
  });
}

export function deathMessage({ code, signal, tail, heap, running, marts }: { code: number | null; signal: NodeJS.Signals | null; tail: string; heap: { mb: number; source: string }; running: string[]; marts: string }): string {
  const during = running.length ? `while running ${running.join(", ")}` : "outside any model (loading, or between steps)";
  const kept = `the marts in ${displayPath(marts)} were left as they were (the last good run's)`;
  if (/JavaScript heap out of memory|Reached heap limit/i.test(tail)) {
    const duckdb = memoryLimit();
    return `the pipeline ran out of Node heap memory ${during}: Node's heap limit is ${heap.mb} MB (${heap.source}); DuckDB's limit, ${duckdb.limit}, does not cover rows a TypeScript model holds in JavaScript. ${kept[0].toUpperCase()}${kept.slice(1)}. Raise ANALYTICS_MEMORY_LIMIT, or let the model aggregate in SQL (its sql() runs in DuckDB, which spills)`;
  }
  if (signal === "SIGKILL") return `the pipeline was killed (SIGKILL: the system's out-of-memory killer, or kill -9) ${during}; ${kept}. If memory ran out, lower ANALYTICS_MEMORY_LIMIT (now ${memoryLimit().limit}) so that DuckDB spills sooner`;
  return `the pipeline stopped (${signal ?? `exit code ${code}`}) ${during}; ${kept}`;
}
