// npm run bench:early-cutoff: the rebuild after an edit that leaves a model's rows as they were, with
// early cutoff (the models reading it are kept) against without (BENCH_EARLY_CUTOFF=off: every model
// downstream is rebuilt), each from a copy of the same warehouse of a generated store, in fresh
// processes, alternated; medians of --runs. The edits, each undone after its runs (and on Ctrl-C):
// a comment added to a staging model's SQL, and one added to a file of data-loaders/lib, which the
// hashes of the TypeScript models importing it include.
//   npm run bench:early-cutoff -- [--runs 3] [--order-lines 1000000]
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";
import { readRunLog } from "../data-loaders/pipeline/run.ts";
import { storeConfig } from "../test/helpers/appended-store.ts";
import { fmt, measure, median, type Measurement } from "./stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "order-lines": { type: "string", default: "1000000" } } });
const runs = Number(values.runs);
const orderLines = Number(values["order-lines"]);
const work = mkdtempSync(join(tmpdir(), "bench-early-cutoff-"));
const edits = [
  { name: "a comment in stg_retail__order_lines.sql", file: "data-loaders/models/staging/stg_retail__order_lines.sql", comment: "\n-- bench:early-cutoff\n" },
  { name: "a comment in data-loaders/lib/enum-columns.ts", file: "data-loaders/lib/enum-columns.ts", comment: "\n// bench:early-cutoff\n" },
];

// An edited file is put back however the run ends.
const originals = new Map<string, string>();
const restore = () => {
  for (const [path, text] of originals) writeFileSync(path, text);
  originals.clear();
};
process.on("SIGINT", () => {
  restore();
  process.exit(130);
});

try {
  process.stderr.write(`bench:early-cutoff: generating a store of ${orderLines.toLocaleString("en-US")} order lines in ${work}\n`);
  const generated = spawnSync(process.execPath, ["--import", "tsx", "data-loaders/generator/cli.ts", "--order-lines", String(orderLines), "--out", join(work, "store")], { cwd: projectRoot, encoding: "utf8" });
  if (generated.status !== 0) throw new Error(`generation failed:\n${generated.stderr}`);
  const configPath = join(work, "cutoff.yml");
  writeFileSync(configPath, storeConfig("cutoff", "store"));
  const first = join(work, "first");
  const cold = measure(["pipeline", configPath, first]);
  process.stderr.write(`  cold build ${fmt(cold.wallMs)}\n`);

  const n = (x: number) => x.toLocaleString("en-US");
  console.log(`\nEarly cutoff: rebuilds of a generated store of ${n(orderLines)} order lines after an edit that leaves the rows as they were; wall time, median of ${runs}`);
  console.log(`  cold build ${fmt(cold.wallMs)}`);
  for (const edit of edits) {
    const path = join(projectRoot, edit.file);
    const text = readFileSync(path, "utf8");
    originals.set(path, text);
    writeFileSync(path, text + edit.comment);
    const times: Record<"with" | "without", Measurement[]> = { with: [], without: [] };
    const built: Record<"with" | "without", number[]> = { with: [], without: [] };
    try {
      for (let i = 0; i < runs; i++) {
        // Alternated, so that neither always runs on a warmer machine.
        for (const mode of i % 2 === 0 ? (["with", "without"] as const) : (["without", "with"] as const)) {
          const cacheDir = join(work, `run-${mode}`);
          rmSync(cacheDir, { recursive: true, force: true });
          cpSync(first, cacheDir, { recursive: true });
          times[mode].push(measure(["pipeline", configPath, cacheDir], mode === "without" ? { BENCH_EARLY_CUTOFF: "off" } : {}));
          built[mode].push(readRunLog(cacheDir).steps.filter((s) => s.kind === "model" && s.status === "built").length);
          rmSync(cacheDir, { recursive: true, force: true });
        }
      }
    } finally {
      restore();
    }
    const wall = (mode: "with" | "without") => median(times[mode].map((m) => m.wallMs));
    console.log(`  ${edit.name}:`);
    const models = (n: number) => `${n} model${n === 1 ? "" : "s"} rebuilt`;
    console.log(`    with early cutoff    ${fmt(wall("with")).padStart(9)}  (${models(median(built.with))})`);
    console.log(`    without              ${fmt(wall("without")).padStart(9)}  (${models(median(built.without))})`);
    console.log(`    ratio with / without: ${(wall("with") / wall("without")).toFixed(2)}x`);
  }
  console.log(`  machine load (1-minute average) at the end: ${loadavg()[0].toFixed(2)} on ${availableParallelism()} cores`);
} finally {
  restore();
  rmSync(work, { recursive: true, force: true });
}
