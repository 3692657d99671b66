// The warehouse is a cache: a damaged file is set aside (said in one line) and rebuilt to the same
// marts; a full disk, a source that cannot be read and a model that exceeds the memory limit each
// end with one line naming the file (or model) and the cause, never a stack trace.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { totalmem } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { memoryLimit, queryRows } from "../../data-loaders/pipeline/duckdb.ts";
import { martFile } from "../../data-loaders/pipeline/export-marts.ts";
import { openWarehouse } from "../../data-loaders/pipeline/warehouse.ts";
import { environmentError, UserError } from "../../data-loaders/pipeline/errors.ts";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { readParquet, tempProject, uciCsv } from "../helpers/temp-project.ts";

const lines = uciCsv([
  "500001,P1,THING,2,2011-01-01 10:00:00,3.5,1.0,United Kingdom",
  "500002,P2,OTHER,1,2011-01-02 10:00:00,10,2.0,France",
  "500003,P1,THING,4,2011-01-03 10:00:00,3.5,1.0,United Kingdom",
]);

function shop() {
  return tempProject({
    "analytics.config.yml": "name: test\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n",
    "raw/lines.csv": lines,
    "models/staging/stg_lines.sql": "select invoice_id, customer_id, quantity * unit_price as revenue from src_order_lines",
    // Enough rows that the file spans many blocks, so damage in its middle hits table data.
    "models/intermediate/int_padding.sql": "select range as n, md5(range::varchar) as h from range(300000)",
    "models/marts/customer_revenue.sql": "select customer_id, sum(revenue) as revenue, (select count(*) from int_padding) as padding from stg_lines group by all",
  });
}

const expected = [{ customer_id: "1", revenue: 21, padding: 300000n }, { customer_id: "2", revenue: 10, padding: 300000n }];
const warehouseOf = (root: string) => join(root, ".cache", "warehouse.duckdb");
const setAsideLines = (log: string[]) => log.filter((line) => /set aside/.test(line));

describe("a damaged warehouse is set aside and rebuilt", () => {
  const damage: Record<string, (file: string) => void> = {
    "truncated to half its size (a full disk or a killed copy)": (file) => truncateSync(file, Math.floor(statSync(file).size / 2)),
    "its header overwritten": (file) => overwrite(file, 0, 4096),
    "emptied": (file) => truncateSync(file, 0),
  };
  for (const [how, harm] of Object.entries(damage)) {
    test(how, async () => {
      const project = shop();
      expect((await project.run()).failed).toBe(false);
      expect(await project.mart("customer_revenue")).toEqual(expected);
      harm(warehouseOf(project.root));
      const again = await project.run();
      expect(again.failed).toBe(false);
      const said = setAsideLines(again.log);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/warehouse .*warehouse\.duckdb could not be read \(IO Error: .*\): set aside as .*warehouse\.duckdb\.damaged-1; rebuilding it from the sources/);
      expect(existsSync(`${warehouseOf(project.root)}.damaged-1`)).toBe(true);
      // Rebuilt from scratch: every source and model built again, the marts as before.
      expect(again.steps.filter((s) => ["src_order_lines", "stg_lines", "customer_revenue"].includes(s.name)).map((s) => s.status)).toEqual(["built", "built", "built"]);
      expect(await project.mart("customer_revenue")).toEqual(expected);
      // And the rebuilt file is an ordinary cache again: a third run builds nothing.
      const third = await project.run();
      expect(setAsideLines(third.log)).toEqual([]);
      expect(third.steps.every((s) => s.status === "cached")).toBe(true);
    });
  }

  test("damage inside a table, found only when a model reads it, names the file and how to rebuild", async () => {
    const project = shop();
    await project.run();
    const file = warehouseOf(project.root);
    overwrite(file, Math.floor(statSync(file).size / 2), 65536);
    project.write("models/marts/customer_revenue.sql", "select customer_id, sum(revenue) as revenue, (select count(*) from int_padding where h <> '') as padding from stg_lines group by all");
    const run = await project.run();
    expect(run.failed).toBe(true);
    const failure = run.log.join("\n");
    expect(failure).toMatch(/customer_revenue\.sql: IO Error: Corrupt database file.*\(the file .*warehouse\.duckdb is damaged: delete it, or run npm run marts -- --full-refresh, to rebuild it\)/);
    expect(failure).not.toMatch(/\n\s+at /);
    // The advice works: a full refresh rewrites every table without reading the damaged ones.
    const refreshed = await project.run({ fullRefresh: true });
    expect(refreshed.failed).toBe(false);
    expect(await project.mart("customer_revenue")).toEqual(expected);
  });
});

function overwrite(file: string, at: number, bytes: number): void {
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(bytes, 0x41), 0, bytes, at);
  closeSync(fd);
}

describe("sources that cannot be read end with one line naming the file and the cause", () => {
  test("a broken symbolic link", async () => {
    const project = shop();
    symlinkSync(join(project.root, "raw", "gone.csv"), join(project.root, "raw", "link.csv"));
    project.write("analytics.config.yml", "name: test\nsources:\n  order_lines:\n    path: raw/link.csv\n    preset: uci_online_retail\n");
    const error = await project.run().catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/raw\/link\.csv: file not found \(configured in .*sources\.order_lines\)/);
    expect(error.message).not.toContain("\n");
  });

  test("a named pipe (FIFO) with no writer does not hang the build", async () => {
    const project = shop();
    execFileSync("mkfifo", [join(project.root, "raw", "pipe.csv")]);
    project.write("analytics.config.yml", "name: test\nsources:\n  order_lines:\n    path: raw/pipe.csv\n    preset: uci_online_retail\n");
    const error = await project.run().catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/raw\/pipe\.csv: /);
    expect(error.message).not.toContain("\n");
  }, 20_000);
});

describe("a full disk", () => {
  let mounted: string | undefined;
  afterEach(() => {
    if (mounted) spawnSync("umount", [mounted]);
    if (mounted?.startsWith(join(projectRoot, ".cache"))) rmSync(mounted, { recursive: true, force: true });
    mounted = undefined;
  });

  test("ends the run with one line naming the file and the cause", async (context) => {
    // A real full disk: a 1 MiB tmpfs holds the warehouse. Mounting needs root and the right to
    // mount (a privileged container); elsewhere this says so and skips.
    const disk = mkdtempSync(join(process.env.ANALYTICS_TEST_TMP!, "small-disk-"));
    const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", disk], { encoding: "utf8" });
    if (mount.status !== 0) {
      process.stderr.write(`fault-warehouse: skipped the full-disk case: cannot mount a small tmpfs here (${(mount.stderr || mount.error?.message || "").trim()})\n`);
      return context.skip();
    }
    mounted = disk;
    const project = shop();
    const cacheDir = join(disk, "cache");
    mkdirSync(cacheDir);
    const outcome = await project.run({ config: { ...project.config(), cacheDir } }).then((summary) => summary, (error) => error);
    // Either the run stops at once (a source, a state write) or the model that hit the full disk
    // fails and the run reports it; both say "disk full" and name the file, on one line.
    const message = outcome instanceof Error ? outcome.message : outcome.log.filter((line: string) => /disk full/.test(line)).join("\n");
    if (!(outcome instanceof Error)) expect(outcome.failed).toBe(true);
    expect(message).toMatch(/disk full: could not write .*small-disk-\w+\/cache\/\S+: no space left on device/);
    expect(message.trim().split("\n")[0]).toMatch(/disk full/);
    expect(message).not.toMatch(/\n\s+at /);
    expect(readdirSync(cacheDir)).toContain("warehouse.duckdb");
  });

  test("npm run marts on a full disk: one line naming the file, exit 2, no stack trace, and it exits", async (context) => {
    // The CLI keeps each config's cache under the project's .cache/<name>: a small tmpfs is
    // mounted there, filled but for 20 KiB, so the first cache write after the sources fails.
    const name = `full-disk-${process.pid}`;
    const disk = join(projectRoot, ".cache", name);
    mkdirSync(disk, { recursive: true });
    const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", disk], { encoding: "utf8" });
    if (mount.status !== 0) {
      rmSync(disk, { recursive: true, force: true });
      process.stderr.write(`fault-warehouse: skipped the CLI full-disk case: cannot mount a small tmpfs here (${(mount.stderr || mount.error?.message || "").trim()})\n`);
      return context.skip();
    }
    mounted = disk;
    writeFileSync(join(disk, "filler"), Buffer.alloc(8 * 2 ** 20 - 20 * 2 ** 10));
    const project = shop();
    project.write("analytics.config.yml", `name: ${name}\nsources:\n  order_lines:\n    path: raw/lines.csv\n    preset: uci_online_retail\n`);
    const cli = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, "data-loaders", "cli.ts"), "--config", join(project.root, "analytics.config.yml")], { cwd: projectRoot, encoding: "utf8", timeout: 120_000, env: { ...process.env, TZ: "UTC" } });
    expect(cli.status).toBe(2);
    const error = cli.stderr.trim().split("\n").at(-1)!;
    expect(error).toMatch(new RegExp(`^error: disk full: could not write .*\\.cache/${name}/\\S+: no space left on device`));
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  }, 150_000);

  test("Node's own ENOSPC and EACCES errors become the same kind of line", () => {
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", path: "/x/.cache/default/last-run.json" });
    expect(environmentError(enospc)?.message).toBe("disk full: could not write /x/.cache/default/last-run.json: no space left on device; free space on that disk (or move the project's .cache folder) and run again");
    const eacces = Object.assign(new Error("EACCES: permission denied, open"), { code: "EACCES", path: "/x/raw.csv" });
    expect(environmentError(eacces)?.message).toBe("permission denied on /x/raw.csv: the build may not read or write it");
    expect(environmentError(new Error("Binder Error: column x not found"))).toBeUndefined();
  });
});

describe("memory", () => {
  const saved = process.env.ANALYTICS_MEMORY_LIMIT;
  afterEach(() => {
    if (saved === undefined) delete process.env.ANALYTICS_MEMORY_LIMIT;
    else process.env.ANALYTICS_MEMORY_LIMIT = saved;
  });

  test("the limit is half the machine's memory unless ANALYTICS_MEMORY_LIMIT sets it; a malformed one is named", () => {
    expect(memoryLimit({ ANALYTICS_MEMORY_LIMIT: "2GB" })).toEqual({ limit: "2GB", source: "ANALYTICS_MEMORY_LIMIT" });
    const machine = Number(/^(\d+)MiB$/.exec(memoryLimit({}).limit)![1]);
    const total = Math.min(totalmem(), (process as { constrainedMemory?: () => number }).constrainedMemory?.() || Infinity) / 2 ** 20;
    expect(machine).toBe(Math.max(256, Math.floor(total / 2)));
    expect(() => memoryLimit({ ANALYTICS_MEMORY_LIMIT: "lots" })).toThrow('ANALYTICS_MEMORY_LIMIT="lots": give an amount such as 8GB or 512MB');
  });

  test("a sort bigger than the limit spills to disk and gives the right answer", async () => {
    // 100 MB: room for the Parquet export's row-group buffers (about 32 MiB at a time), not for the sort.
    process.env.ANALYTICS_MEMORY_LIMIT = "100MB";
    // 2M 32-character strings sorted with their numbers: about 160 MB of rows, more than the limit.
    const project = tempProject({
      "models/marts/sorted_hashes.sql": "select n, h, row_number() over (order by h) as rank from (select range as n, md5(range::varchar) as h from range(2000000))",
    });
    const run = await project.run();
    expect(run.failed).toBe(false);
    // The warehouse runs under that limit with its spill folder in the cache.
    const warehouse = await openWarehouse(join(project.root, ".cache"), () => {});
    try {
      // The block memory DuckDB keeps follows the limit: a quarter of 100 MB, 23 MiB.
      expect((await queryRows(warehouse.connection, "SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t, current_setting('block_allocator_memory') AS b"))[0]).toEqual({ m: "95.3 MiB", t: join(project.root, ".cache", "spill"), b: "23.0 MiB" });
    } finally {
      warehouse.close();
    }
    delete process.env.ANALYTICS_MEMORY_LIMIT; // the check below is not under test
    // Checked against a closed form, not the same SQL: ranks are 1..n and each row keeps its n.
    const [check] = await readParquet(join(project.root, ".cache", "marts", "sorted_hashes.parquet"), "SELECT count(*)::INT AS rows, sum(rank)::BIGINT AS ranks, sum(n)::BIGINT AS ns, bool_and(md5(n::VARCHAR) = h) AS intact FROM t");
    expect(check).toEqual({ rows: 2_000_000, ranks: 2_000_001_000_000n, ns: 1_999_999_000_000n, intact: true });
  });

  test("a model that cannot fit fails with one line naming the model and the limit", async () => {
    process.env.ANALYTICS_MEMORY_LIMIT = "100MB";
    const project = tempProject({ "models/marts/one_big_list.sql": "select list(md5(range::varchar)) as hashes from range(3)" });
    expect((await project.run()).failed).toBe(false);
    const before = readFileSync(martFile(join(project.root, ".cache"), "one_big_list"));
    // One list of 6M strings (~200 MB) is a single value: it cannot be spilled.
    project.write("models/marts/one_big_list.sql", "select list(md5(range::varchar)) as hashes from range(6000000)");
    const run = await project.run();
    expect(run.failed).toBe(true);
    // The last good mart stays as it was (and the site build stops before Framework: scripts/build-site.ts).
    expect(readFileSync(martFile(join(project.root, ".cache"), "one_big_list")).equals(before)).toBe(true);
    const failure = run.log.find((line) => /Out of Memory/.test(line))!;
    expect(failure.trim()).toMatch(/models\/marts\/one_big_list\.sql: Out of Memory Error: .* \(DuckDB memory limit 100MB: ANALYTICS_MEMORY_LIMIT; spill folder .*\/spill\)$/);
  });
});
