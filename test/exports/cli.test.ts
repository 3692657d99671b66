// npm run export as a user runs it (scripts/export.ts in a child process): usage errors are one
// line without a stack trace, --config picks the marts like the other commands, and a --send run
// against a local server reports what was accepted with no key in its output.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { amplitude } from "../../data-loaders/exports/amplitude.ts";
import { cacheRoot, projectRoot } from "../../data-loaders/pipeline/paths.ts";
import { startFakeApi } from "./fake-api.ts";
import { fixtureCustomers, tempDir, writeFixtureMarts } from "./fixture.ts";

const name = `export-cli-test-${process.pid}`;
const configDir = tempDir("export-cli-");
const config = join(configDir, `${name}.yml`);
const out = tempDir("export-cli-out-");

beforeAll(async () => {
  writeFileSync(config, `name: ${name}\nsources: {}\n`);
  await writeFixtureMarts({ dir: join(cacheRoot, name, "marts") });
});
afterAll(() => rmSync(join(cacheRoot, name), { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/export.ts", ...args], {
      cwd: projectRoot, env: { ...process.env, TZ: "UTC", ...env }, stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test("usage errors are one line each, exit 2", async () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [["--to", "braze", "--out", out], {}, /^error: --to: unknown target "braze" \(known: amplitude, mixpanel, heap, csv\)\n$/],
    [["--to", "mixpanel", "--out", out, "--send", "--config", config], { MIXPANEL_PROJECT_TOKEN: "" }, /^error: --send needs the mixpanel key in the environment variable MIXPANEL_PROJECT_TOKEN\n$/],
    [["--to", "csv", "--out", out, "--config", join(configDir, "missing.yml")], {}, /^error: Config file not found: .*missing\.yml\n$/],
    [["--to", "csv", "--out", join(projectRoot, "dist", "exports")], {}, /^error: --out must not be inside dist\//],
  ];
  const results = await Promise.all(cases.map(([args, env]) => cli(args, env)));
  results.forEach((result, i) => {
    expect(result.stderr, cases[i][0].join(" ")).toMatch(cases[i][2]);
    expect(result.status).toBe(2);
  });
  expect(existsSync(join(projectRoot, "dist", "exports"))).toBe(false);
});

test("a config whose marts were never built: run npm run marts first", async () => {
  const unbuilt = join(configDir, "never-built.yml");
  writeFileSync(unbuilt, `name: export-never-built-${process.pid}\nsources: {}\n`);
  const result = await cli(["--to", "csv", "--out", out, "--config", unbuilt]);
  expect(result.stderr).toMatch(/^error: .*customer_360\.parquet is missing: run npm run marts first\n$/);
  expect(result.status).toBe(2);
});

test("--config reads that config's marts; --send reports what was accepted, no key anywhere", async () => {
  const key = "cli-secret-key-91ab";
  const fake = await startFakeApi(amplitude, key);
  try {
    fake.refuseCustomer = "C0007";
    const first = await cli(["--to", "amplitude", "--out", out, "--config", config, "--send", "--endpoint", fake.url, "--batch-size", "3"], { AMPLITUDE_API_KEY: key });
    expect(first.status).toBe(1);
    expect(first.stderr).toContain("export: amplitude accepted 6 of 7 customers (2 of 3 batches)");
    expect(first.stderr).toMatch(/NOT accepted: amplitude-identify-0003\.json, 1 customers: HTTP 400/);
    fake.refuseCustomer = undefined;
    const second = await cli(["--to", "amplitude", "--out", out, "--config", config, "--send", "--endpoint", fake.url, "--batch-size", "3"], { AMPLITUDE_API_KEY: key });
    expect(second.status).toBe(0);
    expect(second.stderr).toContain("export: amplitude accepted 7 of 7 customers (3 of 3 batches)");
    expect(second.stderr).toContain("accepted in an earlier run, not sent again");
    expect([...fake.accepted].sort()).toEqual(fixtureCustomers.map((c) => c.id).sort());
    for (const text of [first.stderr, first.stdout, second.stderr, second.stdout, readFileSync(join(out, "amplitude-send-ledger.json"), "utf8"), readFileSync(join(out, "amplitude-manifest.json"), "utf8")]) {
      expect(text).not.toContain(key);
    }
  } finally {
    await fake.close();
  }
});
