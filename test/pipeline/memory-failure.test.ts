// Issue 16 point 5: a build that runs out of memory fails with a message naming what was running
// and the limit, never dies unexplained, and leaves the last good marts byte for byte as they were.
// DuckDB's side (a model over the limit spills or fails naming the model) runs in process; Node's
// side (a TypeScript model filling the heap, the system's out-of-memory killer) runs the pipeline
// the way npm run marts and npm run build do, in a child process watched by guard.ts.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { martsDir } from "../../data-loaders/pipeline/export-marts.ts";
import { nodeHeapLimit, runPipelineGuarded, type PipelineRequest } from "../../data-loaders/pipeline/guard.ts";
import { readRunning } from "../../data-loaders/pipeline/running.ts";
import { tempProject, uciCsv, type TempProject } from "../helpers/temp-project.ts";

const lines = uciCsv([
  "500001,P1,THING,2,2011-01-01 10:00:00,3.5,1.0,United Kingdom",
  "500002,P2,OTHER,1,2011-01-02 10:00:00,10,2.0,France",
]);

/** A shop with three marts: one per customer, one TypeScript, one big enough to need the limit. */
function shop(): TempProject {
  return tempProject({
    "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n",
    "raw/lines.csv": lines,
    "models/marts/customer_revenue.sql": "select customer_id, sum(quantity * unit_price) as revenue from src_order_lines group by all",
    "models/marts/line_count.ts": `export default { dependsOn: ["src_order_lines"], columns: { n: "BIGINT" }, async build({ query }) { return query("select count(*) as n from src_order_lines"); } };\n`,
    "models/marts/one_big_list.sql": "select list(md5(range::varchar)) as hashes from range(3)",
  });
}

/** SHA-256 of every file in the config's marts folder, by name. */
function martHashes(project: TempProject): Record<string, string> {
  const dir = martsDir(join(project.root, ".cache"));
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash("sha256").update(readFileSync(join(dir, f))).digest("hex")]));
}

const saved = process.env.ANALYTICS_MEMORY_LIMIT;
afterEach(() => {
  if (saved === undefined) delete process.env.ANALYTICS_MEMORY_LIMIT;
  else process.env.ANALYTICS_MEMORY_LIMIT = saved;
});

describe("DuckDB under a tight memory limit", () => {
  test("a failed run changes no mart: not the failed one, not the ones that built, not the test results", async () => {
    const project = shop();
    expect((await project.run()).failed).toBe(false);
    const before = martHashes(project);
    expect(Object.keys(before)).toEqual(["customer_revenue.parquet", "data_test_results.parquet", "line_count.parquet", "one_big_list.parquet", "source_gaps.parquet"]);
    // A new order line changes customer_revenue and line_count, which build; one_big_list then
    // cannot fit: one list of 6M strings (~200 MB) is a single value DuckDB cannot spill.
    project.write("raw/lines.csv", lines + "500003,P1,THING,1,2011-01-03 10:00:00,3.5,3.0,Spain\n");
    project.write("models/marts/one_big_list.sql", "select list(md5(range::varchar)) as hashes from range(6000000)");
    process.env.ANALYTICS_MEMORY_LIMIT = "100MB";
    const run = await project.run();
    expect(run.failed).toBe(true);
    expect(run.steps.filter((s) => s.kind === "model").map((s) => [s.name, s.status]).sort()).toEqual([["customer_revenue", "built"], ["line_count", "built"], ["one_big_list", "failed"]]);
    expect(run.log.join("\n")).toMatch(/models\/marts\/one_big_list\.sql: Out of Memory Error: .* \(DuckDB memory limit 100MB: ANALYTICS_MEMORY_LIMIT; spill folder .*\/spill\)/);
    expect(run.log.join("\n")).toMatch(/marts {2}not written: the run failed; .*marts keeps the last good run's/);
    expect(martHashes(project)).toEqual(before);
    expect(existsSync(join(project.root, ".cache", "running.json"))).toBe(false);
    // Fixed, the next run writes the whole new set, the marts that built last time included.
    delete process.env.ANALYTICS_MEMORY_LIMIT;
    project.write("models/marts/one_big_list.sql", "select list(md5(range::varchar)) as hashes from range(4)");
    const fixed = await project.run();
    expect(fixed.failed).toBe(false);
    // (data_test_results too would be written, had its content changed: this project has no tests.)
    expect(fixed.exported.sort()).toEqual(["customer_revenue", "line_count", "one_big_list"]);
    expect((await project.mart("line_count"))[0].n).toBe(3n);
    expect(readdirSync(join(project.root, ".cache")).filter((f) => f.startsWith("marts"))).toEqual(["marts"]);
  });

  test("a model held to its own memory_limit names that limit when it cannot fit", async () => {
    const project = shop();
    project.write("models/marts/one_big_list.sql", "select list(md5(range::varchar)) as hashes from range(6000000)");
    project.write("models/marts/one_big_list.yml", "models:\n  - name: one_big_list\n    memory_limit: 100MB\n");
    const run = await project.run();
    expect(run.failed).toBe(true);
    expect(run.log.join("\n")).toMatch(/models\/marts\/one_big_list\.sql: Out of Memory Error: .* \(DuckDB memory limit 100MB: memory_limit of one_big_list in .*one_big_list\.yml; spill folder .*\/spill\)/);
  });
});

describe("Node's heap, watched from the parent process", () => {
  const request = (project: TempProject): PipelineRequest => ({ configPath: join(project.root, "analytics.config.yml"), modelsRoot: project.modelsRoot, seedsRoot: project.seedsRoot, cacheDir: join(project.root, ".cache") });
  const guarded = (project: TempProject, onSpawn?: Parameters<typeof runPipelineGuarded>[1]["onSpawn"]) => runPipelineGuarded(request(project), { cacheDir: join(project.root, ".cache"), onSpawn });

  test("the heap limit is the build's memory limit, at most V8's default and at least 256 MiB", () => {
    expect(nodeHeapLimit({ ANALYTICS_MEMORY_LIMIT: "300MB" })).toEqual({ mb: 286, source: "ANALYTICS_MEMORY_LIMIT=300MB" });
    expect(nodeHeapLimit({ ANALYTICS_MEMORY_LIMIT: "100MB" }).mb).toBe(256);
    const v8Default = nodeHeapLimit({ ANALYTICS_MEMORY_LIMIT: "1TB" });
    expect(v8Default.source).toMatch(/V8's default/);
    expect(nodeHeapLimit({ ANALYTICS_MEMORY_LIMIT: `${v8Default.mb - 1}MiB` }).mb).toBe(v8Default.mb - 1);
  });

  test("a TypeScript model that fills the heap: the build names it and the limit, and no mart changes", async () => {
    const project = shop();
    expect(await guarded(project)).toEqual({ status: "succeeded" });
    const before = martHashes(project);
    project.write("raw/lines.csv", lines + "500003,P1,THING,1,2011-01-03 10:00:00,3.5,3.0,Spain\n");
    // Holds ever more rows in JavaScript, as a model reading a whole table into memory would.
    project.write("models/marts/line_count.ts", `export default { dependsOn: ["src_order_lines"], columns: { n: "BIGINT" }, async build() { const held = []; for (;;) held.push(new Array(1 << 20).fill(held.length + 0.5)); } };\n`);
    process.env.ANALYTICS_MEMORY_LIMIT = "300MB";
    const outcome = await guarded(project);
    expect(outcome.status).toBe("died");
    expect(outcome.status === "died" && outcome.message).toMatch(/^the pipeline ran out of Node heap memory while running (.*, )?model line_count \(.*models\/marts\/line_count\.ts\)(, .*)?: Node's heap limit is 286 MB \(ANALYTICS_MEMORY_LIMIT=300MB\); .* The marts in .*marts were left as they were/);
    expect(martHashes(project)).toEqual(before);
    // The next run after the fix replaces what the dead one left and writes the new marts.
    project.write("models/marts/line_count.ts", `export default { dependsOn: ["src_order_lines"], columns: { n: "BIGINT" }, async build({ query }) { return query("select count(*) as n from src_order_lines"); } };\n`);
    expect(await guarded(project)).toEqual({ status: "succeeded" });
    expect((await project.mart("line_count"))[0].n).toBe(3n);
    expect(readRunning(join(project.root, ".cache"))).toEqual([]);
  });

  test("a build killed outright (as by the system's out-of-memory killer) says what was running; no mart changes", async () => {
    const project = shop();
    expect(await guarded(project)).toEqual({ status: "succeeded" });
    const before = martHashes(project);
    project.write("raw/lines.csv", lines + "500003,P1,THING,1,2011-01-03 10:00:00,3.5,3.0,Spain\n");
    project.write("models/marts/line_count.ts", `export default { dependsOn: ["src_order_lines"], columns: { n: "BIGINT" }, async build() { await new Promise((r) => setTimeout(r, 60_000)); return []; } };\n`);
    const outcome = await guarded(project, (child) => {
      // Killed once it is inside the slow model, as the kernel would kill it: no signal handler runs.
      const poll = setInterval(() => {
        if (readRunning(join(project.root, ".cache"), child.pid).some((s) => s.startsWith("model line_count"))) {
          clearInterval(poll);
          child.kill("SIGKILL");
        }
      }, 50);
      child.on("exit", () => clearInterval(poll));
    });
    expect(outcome.status === "died" && outcome.message).toMatch(/^the pipeline was killed \(SIGKILL: the system's out-of-memory killer, or kill -9\) while running (.*, )?model line_count \(.*line_count\.ts\)(, .*)?; the marts in .*marts were left as they were/);
    expect(martHashes(project)).toEqual(before);
  });
});
