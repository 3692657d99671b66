// Small helpers for benchmark reports.
import { spawnSync } from "node:child_process";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";

export interface Measurement {
  wallMs: number;
  ms: number;
  /** CPU time of the measured process, all its threads, from the start of the measured work. */
  cpuMs: number;
  maxRssMb: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs perf/measure-once.ts in a child process; wall time includes process start-up. */
export function measure(args: string[], env: NodeJS.ProcessEnv = {}): Measurement {
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", "tsx", "perf/measure-once.ts", ...args], {
    cwd: projectRoot, encoding: "utf8", env: { ...process.env, TZ: "UTC", ...env }, maxBuffer: 1 << 24,
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`measure ${args.join(" ")} failed:\n${child.stderr}`);
  const { ms, cpuMs, maxRssMb } = JSON.parse(child.stdout.trim().split("\n").pop()!);
  return { wallMs, ms, cpuMs, maxRssMb };
}

export const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
