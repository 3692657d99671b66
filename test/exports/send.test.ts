// Sending against a local server that answers like each API (fake-api.ts): a 429 with
// Retry-After and a 503 are retried after the right waits, a refused batch is reported and the
// others go on, a re-run sends only the batch not accepted, a third run sends nothing: every
// customer accepted exactly once. Also: backoff bounds, giving up, --changed-since with sending,
// and no key in any file or log line.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { apiTargets, runExport, type ExportOptions } from "../../data-loaders/exports/run-export.ts";
import { backoffMs } from "../../data-loaders/exports/send.ts";
import { readLedger, readState } from "../../data-loaders/exports/state.ts";
import { startFakeApi, type FakeApi } from "./fake-api.ts";
import { fixtureCustomers, tempDir, writeFixtureMarts } from "./fixture.ts";
import { mulberry32 } from "../helpers/seeded-random.ts";

const key = "secret-key-5f0e1c";
const ids = fixtureCustomers.map((c) => c.id).sort();
let servers: FakeApi[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function setUp(target: string) {
  const fake = await startFakeApi(apiTargets[target], key);
  servers.push(fake);
  const marts = await writeFixtureMarts();
  const dir = tempDir(`send-${target}-`);
  const sleeps: number[] = [];
  const log: string[] = [];
  const run = (extra: Partial<ExportOptions> = {}) => runExport({
    target, outDir: dir, martsDir: marts, batchSize: 2, log: (line) => log.push(line),
    send: { key, endpoint: fake.url, policy: { sleep: async (ms) => void sleeps.push(ms), random: mulberry32(7), maxAttempts: 4 } },
    ...extra,
  });
  return { fake, dir, marts, sleeps, log, run };
}

function expectNoKey(dir: string, log: string[]) {
  for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file), "utf8"), file).not.toContain(key);
  for (const line of log) expect(line).not.toContain(key);
}

describe.each(["amplitude", "mixpanel", "heap"])("%s", (target) => {
  test("rate limit, server error and a refused batch: nothing lost, nothing sent twice", async () => {
    const { fake, dir, sleeps, log, run } = await setUp(target);
    // Batches of two customers: [C0001 C0002] [C0003 C0004] [C0005 C0006] [C0007] (Mixpanel
    // counts updates: C0007's $set and $unset fill a batch of its own anyway).
    fake.queue.push({ status: 429, body: "Too Many Requests", headers: { "retry-after": "2" } }, { status: 503, body: "unavailable" });
    fake.refuseCustomer = "C0005";
    const first = await run();
    expect(fake.schemaErrors).toEqual([]);
    const outcomes = first.batches.map((b) => b.outcome);
    expect(outcomes.filter((o) => o === "rejected")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "accepted")).toHaveLength(first.batches.length - 1);
    const refused = first.batches.find((b) => b.outcome === "rejected")!;
    expect(first.failedCustomers).toBe(refused.customers);
    expect(first.acceptedCustomers).toBe(ids.length - refused.customers);
    // The first batch took three tries: the 429 wait honours Retry-After (and Amplitude's 15 s).
    expect(first.batches[0].attempts).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(target === "amplitude" ? 15_000 : 2000);
    expect(sleeps[1]).toBeGreaterThanOrEqual(1000);
    expect(sleeps[1]).toBeLessThanOrEqual(2000);
    expect(new Set(fake.accepted).has("C0005")).toBe(false);
    expect(Object.keys(readLedger(dir, target, fake.url.split("?")[0]).accepted)).toHaveLength(first.batches.length - 1);
    expect(Object.keys(readState(dir, target)!.customers).sort()).toEqual(ids.filter((id) => !fake.requests.some((r) => !r.accepted && r.customers.includes(id) && r.status !== 429 && r.status !== 503)));

    // The API takes the data now; the same command sends only the refused batch.
    fake.refuseCustomer = undefined;
    const before = fake.requests.length;
    const second = await run();
    expect(fake.requests.length - before).toBe(1);
    expect(second.batches.map((b) => b.outcome)).toEqual(outcomes.map((o) => (o === "rejected" ? "accepted" : "already accepted")));
    expect(second.acceptedCustomers).toBe(ids.length);

    const third = await run();
    expect(fake.requests.length - before).toBe(1);
    expect(third.batches.every((b) => b.outcome === "already accepted")).toBe(true);

    expect([...fake.accepted].sort()).toEqual(ids);
    expect(Object.keys(readState(dir, target)!.customers)).toEqual(ids);
    expectNoKey(dir, log);
  });

  test("a batch that keeps failing is given up after the last attempt and sent on the next run", async () => {
    const { fake, sleeps, run } = await setUp(target);
    fake.queue.push(...Array.from({ length: 4 }, () => ({ status: 502, body: "bad gateway" })));
    const first = await run();
    expect(first.batches[0]).toMatchObject({ outcome: "gave up", attempts: 4 });
    expect(first.failedCustomers).toBe(first.batches[0].customers);
    // Exponential backoff with jitter: attempt n waits between 2^(n-1)/2 and 2^(n-1) seconds.
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(500 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(1000 * 2 ** i);
    });
    const second = await run();
    expect(second.batches.filter((b) => b.outcome === "accepted")).toHaveLength(1);
    expect([...fake.accepted].sort()).toEqual(ids);
  });
});

test("--changed-since with --send: a re-run after a refusal exports and sends only the customers not accepted", async () => {
  const { fake, dir, run } = await setUp("heap");
  fake.refuseCustomer = "C0003";
  const first = await run({ changedOnly: true });
  expect(first.failedCustomers).toBe(2);
  fake.refuseCustomer = undefined;
  const second = await run({ changedOnly: true });
  expect(second.customersExported).toBe(2);
  expect(second.batches).toHaveLength(1);
  expect(fake.requests.at(-1)!.customers).toEqual(["C0003", "C0004"]);
  expect([...fake.accepted].sort()).toEqual(ids);
  const third = await run({ changedOnly: true });
  expect(third.customersExported).toBe(0);
  expect(Object.keys(readState(dir, "heap")!.customers)).toEqual(ids);
});

test("a wrong key is refused, reported, and nothing is recorded as accepted", async () => {
  const { fake, dir, run } = await setUp("amplitude");
  const report = await run({ send: { key: "wrong-key-000", endpoint: fake.url, policy: { sleep: async () => {}, maxAttempts: 2 } } });
  expect(report.acceptedCustomers).toBe(0);
  expect(report.batches.every((b) => b.outcome === "rejected" && b.detail?.startsWith("HTTP 401"))).toBe(true);
  expect(readLedger(dir, "amplitude", fake.url).accepted).toEqual({});
  expect(readState(dir, "amplitude")?.customers ?? {}).toEqual({});
});

test("backoff grows exponentially up to the cap, with jitter in the upper half", () => {
  const random = mulberry32(1);
  const policy = { baseDelayMs: 1000, maxDelayMs: 8000, random };
  for (let attempt = 1; attempt <= 8; attempt++) {
    const ceiling = Math.min(8000, 1000 * 2 ** (attempt - 1));
    const wait = backoffMs(attempt, policy);
    expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
    expect(wait).toBeLessThanOrEqual(ceiling);
  }
  expect(backoffMs(3, { ...policy, random: mulberry32(5) })).toBe(backoffMs(3, { ...policy, random: mulberry32(5) }));
});

test("the ledger belongs to one endpoint: sending the same batches elsewhere sends them all", async () => {
  const { fake, dir, run } = await setUp("mixpanel");
  await run();
  const other = await startFakeApi(apiTargets.mixpanel, key);
  servers.push(other);
  const report = await run({ send: { key, endpoint: other.url, policy: { sleep: async () => {} } } });
  expect(report.batches.every((b) => b.outcome === "accepted")).toBe(true);
  expect([...other.accepted].sort()).toEqual(ids);
  expect([...fake.accepted].sort()).toEqual(ids);
  expect(JSON.parse(readFileSync(join(dir, "mixpanel-send-ledger.json"), "utf8")).endpoint).toBe(other.url.split("?")[0]);
});
