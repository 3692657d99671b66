// Generator benchmark (a script, not a test): npm run bench:generator [-- --order-lines N --runs N]
// Each run generates the store in a fresh child process (so peak RSS is that run's alone) into a
// temporary folder that is deleted afterwards. Reports the median wall time of the runs, the
// largest peak RSS, and rows per second; exits 1 when a target (60 s, 2 GB for 10M lines) is missed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const TARGET = { seconds: 60, rssBytes: 2 * 1024 ** 3 };

interface RunResult {
  wallMs: number;
  /** CPU time of all threads: tells a slow run on a busy machine from a slow generator. */
  cpuMs: number;
  maxRssBytes: number;
  orderLines: number;
  events: number;
  customers: number;
}

async function child(outDir: string, orderLines: number): Promise<void> {
  const { generateStore } = await import("../data-loaders/generator/index.ts");
  const started = performance.now();
  const cpu = process.cpuUsage();
  const truth = await generateStore({ outDir, orderLines });
  const used = process.cpuUsage(cpu);
  const result: RunResult = {
    wallMs: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    // process-wide high-water mark, DuckDB's threads included (Node reports kilobytes).
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    orderLines: truth.files.order_lines.rows,
    events: truth.files.events.rows,
    customers: truth.files.customers.rows,
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

function runOnce(orderLines: number): RunResult & { processWallMs: number } {
  const outDir = mkdtempSync(join(tmpdir(), "store-bench-"));
  try {
    const started = performance.now();
    const run = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", outDir, String(orderLines)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, TZ: "UTC" },
    });
    const processWallMs = performance.now() - started;
    if (run.status !== 0) throw new Error(`benchmark run failed with exit code ${run.status}`);
    return { ...(JSON.parse(run.stdout.trim().split("\n").at(-1)!) as RunResult), processWallMs };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main(): void {
  const { values } = parseArgs({ options: { "order-lines": { type: "string", default: "10000000" }, runs: { type: "string", default: "3" } } });
  const orderLines = Number(values["order-lines"]);
  const runs = Number(values.runs);
  const load = loadavg()[0];
  process.stderr.write(`generator benchmark: ${orderLines} order lines, ${runs} runs, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = runOnce(orderLines);
    results.push(r);
    process.stderr.write(
      `run ${i + 1}: ${(r.processWallMs / 1000).toFixed(1)} s wall (process), ${(r.wallMs / 1000).toFixed(1)} s in generateStore (${(r.cpuMs / 1000).toFixed(1)} s CPU), peak RSS ${(r.maxRssBytes / 1024 ** 2).toFixed(0)} MB, ${r.orderLines} order lines, ${r.events} events\n`,
    );
  }
  const wall = median(results.map((r) => r.processWallMs));
  const rss = Math.max(...results.map((r) => r.maxRssBytes));
  const last = results.at(-1)!;
  const summary = {
    orderLinesRequested: orderLines,
    orderLines: last.orderLines,
    events: last.events,
    customers: last.customers,
    runs,
    medianWallSeconds: Number((wall / 1000).toFixed(2)),
    medianCpuSeconds: Number((median(results.map((r) => r.cpuMs)) / 1000).toFixed(2)),
    loadAverageAtStart: Number(load.toFixed(2)),
    peakRssMB: Math.round(rss / 1024 ** 2),
    orderLinesPerSecond: Math.round(last.orderLines / (wall / 1000)),
    rowsPerSecond: Math.round((last.orderLines + last.events) / (wall / 1000)),
    targets: { seconds: TARGET.seconds, rssMB: TARGET.rssBytes / 1024 ** 2 },
  };
  console.log(JSON.stringify(summary, null, 2));
  // The targets are stated for 10M lines; smaller runs only report.
  if (orderLines >= 10_000_000 && (wall > TARGET.seconds * 1000 || rss > TARGET.rssBytes)) {
    process.stderr.write("generator benchmark: target missed\n");
    process.exitCode = 1;
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], Number(process.argv[4]));
else main();
