// Publishing under faults: two configs built at once in one folder, and builds killed at random
// points of every stage (pipeline, npm vendoring, loader refresh, Framework, swap), never leave
// dist/ missing, half written or carrying another config's data. Runs the real build script in
// a copy of the project whose site is one page reading one JSON and one Parquet mart: the
// mechanism under test (lock, fresh folder, stamp, swap, loader cache) does not depend on how
// many pages there are, and a full site takes minutes to build here.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { uciCsv } from "../helpers/temp-project.ts";
import { mulberry32 } from "../helpers/seeded-random.ts";

const configs = {
  // Distinct data, so a page shows which config it came from: 2 countries against 3.
  alpha: ["1,P1,A,1,2011-01-01 10:00:00,5,1.0,United Kingdom", "2,P1,A,1,2011-01-02 10:00:00,5,2.0,France"],
  beta: ["1,P1,A,2,2011-02-01 10:00:00,7,1.0,Germany", "2,P2,B,1,2011-02-02 10:00:00,3,2.0,Spain", "3,P1,A,1,2011-02-03 10:00:00,7,3.0,Italy"],
};
type ConfigName = keyof typeof configs;
const countries: Record<ConfigName, number> = { alpha: 2, beta: 3 };

function copyProject(): string {
  const copy = mkdtempSync(join(process.env.ANALYTICS_TEST_TMP ?? tmpdir(), "publish-"));
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: projectRoot, encoding: "utf8" })
    .split("\n").filter((file) => file && existsSync(join(projectRoot, file)) && !(file.startsWith("src/") && file.endsWith(".md")));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(projectRoot, file), join(copy, file));
  }
  symlinkSync(join(projectRoot, "node_modules"), join(copy, "node_modules"));
  // Framework's npm cache, when this worktree has one, saves the copy a vendoring run.
  const npm = join(projectRoot, "src", ".observablehq", "cache", "_npm");
  if (existsSync(npm)) cpSync(npm, join(copy, "src", ".observablehq", "cache", "_npm"), { recursive: true });
  // The nav lists the real pages, which Framework requires to exist: this site has one.
  const siteConfig = join(copy, "observablehq.config.ts");
  const withoutPages = readFileSync(siteConfig, "utf8").replace(/\n  pages: \[[\s\S]*?\n  \],\n/, "\n  pages: [],\n");
  expect(withoutPages).toContain("pages: [],");
  writeFileSync(siteConfig, withoutPages);
  writeFileSync(join(copy, "src", "index.md"), [
    "# Publish test", "", "```js",
    'const summary = (await FileAttachment("data/store_summary.json").json())[0];',
    'const orders = FileAttachment("data/customer_orders.parquet");',
    "```", "", "Countries: ${summary.countries}. Orders file: ${orders.name}.", "",
  ].join("\n"));
  for (const [name, rows] of Object.entries(configs)) {
    writeFileSync(join(copy, `${name}.yml`), `name: ${name}\nsources:\n  order_lines:\n    path: ${name}.csv\n    preset: uci_online_retail\n`);
    writeFileSync(join(copy, `${name}.csv`), uciCsv(rows));
  }
  return copy;
}

interface Build {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<number | null>;
}

function startBuild(copy: string, config: ConfigName): Build {
  // detached: its own process group, so a test can kill the build with or without Framework.
  const env: NodeJS.ProcessEnv = { ...process.env, ANALYTICS_CONFIG: join(copy, `${config}.yml`) };
  delete env.ANALYTICS_SITE_DIR; // the copy's own dist/
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/build-site.ts"], { cwd: copy, detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  // One log of both streams: the build's own lines go to stderr, Framework's to stdout.
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stderr += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stderr: () => stderr, done };
}

async function build(copy: string, config: ConfigName): Promise<string> {
  const run = startBuild(copy, config);
  const code = await run.done;
  if (code !== 0) throw new Error(`build of ${config} exited with ${code}:\n${run.stderr()}`);
  return run.stderr();
}

const sha256 = (buffer: Buffer) => createHash("sha256").update(buffer).digest("hex");

function treeHash(dir: string): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const path = join(dir, file);
    if (statSync(path).isFile()) hash.update(file).update(readFileSync(path));
  }
  return hash.digest("hex");
}

/** dist/ is whole and every piece of data in it is the stamped config's; returns that config. */
function assertPublishedSite(copy: string): ConfigName {
  const dist = join(copy, "dist");
  expect(existsSync(join(dist, "index.html"))).toBe(true);
  const stamp = JSON.parse(readFileSync(join(dist, "build-stamp.json"), "utf8")) as { config: ConfigName; marts: Record<string, string> };
  expect(Object.keys(configs)).toContain(stamp.config);
  const data = join(dist, "_file", "data");
  const published = readdirSync(data);
  const summaryFile = published.find((f) => /^store_summary\.[0-9a-f]+\.json$/.test(f))!;
  expect(JSON.parse(readFileSync(join(data, summaryFile), "utf8"))[0].countries).toBe(countries[stamp.config]);
  const ordersFile = published.find((f) => /^customer_orders\.[0-9a-f]+\.parquet$/.test(f))!;
  const orders = sha256(readFileSync(join(data, ordersFile)));
  // The published Parquet is the stamped config's mart, byte for byte, and the stamp says so.
  expect(orders).toBe(sha256(readFileSync(join(copy, ".cache", stamp.config, "marts", "customer_orders.parquet"))));
  expect(stamp.marts.customer_orders).toBe(orders);
  // Every file the page asks for is there.
  const html = readFileSync(join(dist, "index.html"), "utf8");
  for (const [, path] of html.matchAll(/"path":"\.\/([^"]+)"/g)) expect(existsSync(join(dist, path)), path).toBe(true);
  return stamp.config;
}


// Points to kill at: a line of the build's log that opens each stage, then a random delay.
const stages: [string, RegExp][] = [
  ["pipeline", /^pipeline /m], ["models", /^models$/m], ["site (npm vendoring)", /^site$/m],
  ["loader refresh", /data loader\(s\) refreshed/], ["Framework's data loaders", /^copy /m], ["Framework's last files, stamp and swap", /^build \/_observablehq/m],
];

test("two configs at once and builds killed at random points never publish a wrong or broken site", { timeout: 600_000 }, async () => {
  const copy = copyProject();
  onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
  const seed = Number(process.env.PUBLISH_TEST_SEED ?? 19);
  const next = mulberry32(seed);
  process.stderr.write(`publish-atomic: seed ${seed} (PUBLISH_TEST_SEED replays another)\n`);

  // Two configs at once: the second waits for the first, both succeed, and the last one's data
  // is what is published (not a mix: this is how one config used to publish the other's).
  const first = startBuild(copy, "beta");
  await waitFor(() => /^pipeline /m.test(first.stderr()), first);
  const second = startBuild(copy, "alpha");
  const [a, b] = await Promise.all([first.done, second.done]);
  expect([a, b], first.stderr() + second.stderr()).toEqual([0, 0]);
  expect(second.stderr()).toMatch(/waiting for another site build to finish: config "beta" \(pid \d+/);
  expect(assertPublishedSite(copy)).toBe("alpha");
  const alphaTree = treeHash(join(copy, "dist"));

  // Kills: one per stage, alternating configs, the whole group (Ctrl-C, a cancelled job) or the
  // build alone with SIGKILL (an out-of-memory kill, leaving Framework running as an orphan).
  for (const [i, [stage, marker]] of stages.entries()) {
    const config: ConfigName = i % 2 ? "alpha" : "beta";
    const before = readFileSync(join(copy, "dist", "build-stamp.json"), "utf8");
    const run = startBuild(copy, config);
    const reached = await waitFor(() => marker.test(run.stderr()), run);
    if (reached) await new Promise((r) => setTimeout(r, Math.floor(next() * 400)));
    const group = next() < 0.5;
    try {
      process.kill(group ? -run.child.pid! : run.child.pid!, "SIGKILL");
    } catch { /* it had already finished */ }
    const code = await run.done;
    // Whatever happened, dist/ is a whole site of one config: the old one, or the new one if the
    // kill came after the swap.
    const now = assertPublishedSite(copy);
    if (code === null) expect([JSON.parse(before).config, config]).toContain(now);
    process.stderr.write(`publish-atomic: killed ${config} at ${stage}${reached ? "" : " (build ended first)"} (${group ? "whole group" : "build process only"}): dist/ is ${now}'s\n`);
  }

  // A build that fails (here: its source file is missing) says why in one line, then that the site
  // was left as it was (the pipeline runs in a child process, whose error comes first), and leaves dist/.
  const published = treeHash(join(copy, "dist"));
  writeFileSync(join(copy, "gamma.yml"), "name: gamma\nsources:\n  order_lines:\n    path: missing.csv\n    preset: uci_online_retail\n");
  const failing = startBuild(copy, "gamma" as ConfigName);
  expect(await failing.done).toBe(1);
  expect(failing.stderr()).toMatch(/\nerror: missing\.csv: file not found \(configured in gamma\.yml: sources\.order_lines\)\n\nerror: the pipeline failed \(see above\); the site was not built and dist was left as it was\n$/);
  expect(failing.stderr()).not.toMatch(/\n\s+at /);
  expect(treeHash(join(copy, "dist"))).toBe(published);

  // The next build after all that takes over the stale lock (or waits for an orphan), cleans up
  // the half-built folders and publishes the same bytes as alpha's build above, though its
  // loaders ran again since (beta's builds came between).
  const log = await build(copy, "alpha");
  expect(assertPublishedSite(copy)).toBe("alpha");
  expect(log).not.toMatch(/\n\s+at /);
  expect(readdirSync(copy).filter((f) => /^dist\.(building|previous)-/.test(f))).toEqual([]);
  expect(existsSync(join(copy, ".cache", "site-build.lock"))).toBe(false);
  expect(treeHash(join(copy, "dist"))).toBe(alphaTree);
});

/** Resolves true when `ready` holds, false if the build ended first. */
async function waitFor(ready: () => boolean, run: Build): Promise<boolean> {
  let ended = false;
  run.done.then(() => (ended = true));
  for (;;) {
    if (ready()) return true;
    if (ended) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}
