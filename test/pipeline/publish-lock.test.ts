// The pieces of atomic publishing (scripts/publish-site.ts) on their own, fast: the build lock
// waits for a live holder and takes over a dead one's, a build stopped between its two renames
// gets the previous site back, and pages lose the loader-run times that made builds differ.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { acquireBuildLock, cleanLeftovers, dropModificationTimes, swapIntoPlace } from "../../scripts/publish-site.ts";

const temp = () => mkdtempSync(join(process.env.ANALYTICS_TEST_TMP!, "publish-"));

test("a lock held by a running build makes the next one wait and say whose it is", async () => {
  const dir = temp();
  const lockPath = join(dir, "site-build.lock");
  const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
  onTestFinished(() => { holder.kill(); });
  writeFileSync(lockPath, JSON.stringify({ config: "beta", pids: [process.pid + 1_000_000, holder.pid], started: "2026-12-02T01:00:00.000Z" }));
  const log: string[] = [];
  let acquired = false;
  const waiting = acquireBuildLock(lockPath, "alpha", (line) => log.push(line), { pollMs: 20 }).then((lock) => (acquired = true, lock));
  await new Promise((r) => setTimeout(r, 300));
  expect(acquired).toBe(false);
  expect(log).toEqual([`  waiting for another site build to finish: config "beta" (pid ${process.pid + 1_000_000}, ${holder.pid}, started 2026-12-02T01:00:00.000Z) holds ${lockPath}`]);
  // The holder's Framework still runs though its build process died: still held. Once it ends, ours.
  holder.kill();
  const lock = await waiting;
  expect(JSON.parse(readFileSync(lockPath, "utf8"))).toMatchObject({ config: "alpha", pids: [process.pid] });
  lock.addPid(12345);
  expect(JSON.parse(readFileSync(lockPath, "utf8")).pids).toEqual([process.pid, 12345]);
  lock.release();
  expect(existsSync(lockPath)).toBe(false);
});

test("a live preview (npm run dev) holds the lock like a build: a build waits and is told to stop the preview", async () => {
  const dir = temp();
  const lockPath = join(dir, "site-build.lock");
  const preview = await acquireBuildLock(lockPath, "beta", () => {}, { by: "a live preview (npm run dev)" });
  expect(JSON.parse(readFileSync(lockPath, "utf8"))).toMatchObject({ config: "beta", pids: [process.pid], by: "a live preview (npm run dev)" });
  const log: string[] = [];
  const build = acquireBuildLock(lockPath, "alpha", (line) => log.push(line), { pollMs: 20 });
  await new Promise((r) => setTimeout(r, 200));
  expect(log).toHaveLength(1);
  expect(log[0]).toMatch(new RegExp(`^  waiting for a live preview \\(npm run dev\\) to finish: config "beta" \\(pid ${process.pid}, started .*\\) holds ${lockPath}; stop it to go on$`));
  preview.release();
  (await build).release();
  expect(existsSync(lockPath)).toBe(false);
});

test("a lock whose processes are gone (a killed build) is taken over, and so is an unreadable one", async () => {
  const dir = temp();
  const lockPath = join(dir, "site-build.lock");
  const log: string[] = [];
  writeFileSync(lockPath, JSON.stringify({ config: "beta", pids: [process.pid + 1_000_000], started: "x" }));
  (await acquireBuildLock(lockPath, "alpha", (line) => log.push(line), { pollMs: 20 })).release();
  writeFileSync(lockPath, "{half a lo");
  (await acquireBuildLock(lockPath, "alpha", (line) => log.push(line), { pollMs: 20 })).release();
  expect(log).toEqual([
    `  removed a stale build lock (config "beta", pid ${process.pid + 1_000_000}, no longer running)`,
    "  removed a stale build lock (unreadable)",
  ]);
  expect(readdirSync(dir)).toEqual([]);
});

test("a build stopped between its two renames: the next one puts the previous site back; half-built folders go", () => {
  const parent = temp();
  const site = join(parent, "dist");
  mkdirSync(`${site}.previous-111`);
  writeFileSync(join(`${site}.previous-111`, "index.html"), "previous site");
  mkdirSync(`${site}.building-222`);
  writeFileSync(join(`${site}.building-222`, "index.html"), "half");
  const log: string[] = [];
  cleanLeftovers(site, (line) => log.push(line));
  expect(readFileSync(join(site, "index.html"), "utf8")).toBe("previous site");
  expect(readdirSync(parent)).toEqual(["dist"]);
  expect(log).toEqual([`  restored the previous site into ${site} (a build was stopped while swapping it)`, "  removed 1 folder(s) left by a stopped build"]);
  // And an ordinary swap replaces the site whole, leaving nothing beside it.
  mkdirSync(`${site}.building-333`);
  writeFileSync(join(`${site}.building-333`, "index.html"), "new site");
  swapIntoPlace(`${site}.building-333`, site);
  expect(readFileSync(join(site, "index.html"), "utf8")).toBe("new site");
  expect(readdirSync(parent)).toEqual(["dist"]);
});

test("loader-run times are removed from pages and modules, nothing else", () => {
  const site = temp();
  // As Framework 1.13.4's render.js writes it: name, mimeType, path, lastModified, size.
  const page = 'registerFile("./data/x.json", {"name":"./data/x.json","mimeType":"application/json","path":"./_file/data/x.1a2b.json","lastModified":1764637200123.456,"size":42});';
  writeFileSync(join(site, "index.html"), `<script type="module">${page}</script>`);
  mkdirSync(join(site, "_import"));
  writeFileSync(join(site, "_import", "m.js"), 'const lastModified = 3; registerFile("a", {"name":"a","lastModified":1,"size":2});');
  writeFileSync(join(site, "data.json"), '{"lastModified":5}');
  expect(dropModificationTimes(site)).toBe(2);
  expect(readFileSync(join(site, "index.html"), "utf8")).toBe('<script type="module">registerFile("./data/x.json", {"name":"./data/x.json","mimeType":"application/json","path":"./_file/data/x.1a2b.json","size":42});</script>');
  expect(readFileSync(join(site, "_import", "m.js"), "utf8")).toBe('const lastModified = 3; registerFile("a", {"name":"a","size":2});');
  expect(readFileSync(join(site, "data.json"), "utf8")).toBe('{"lastModified":5}');
});
