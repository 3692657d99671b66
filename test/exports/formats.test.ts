// Activation export files on hand-made marts (fixture.ts): the properties are the hand-worked
// ones, every file validates against its JSON Schema (and every request as sent), reading the
// files back gives every customer once with the marts' properties, batches keep under the limits
// (byte sizes checked against the real request bodies), runs are byte-identical, and
// --changed-since exports only what changed.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, test } from "vitest";
import { amplitude } from "../../data-loaders/exports/amplitude.ts";
import { splitIntoBatches } from "../../data-loaders/exports/batches.ts";
import { heap } from "../../data-loaders/exports/heap.ts";
import { mixpanel } from "../../data-loaders/exports/mixpanel.ts";
import { propertyDocs, readCustomerProperties } from "../../data-loaders/exports/properties.ts";
import { apiTargets, runExport } from "../../data-loaders/exports/run-export.ts";
import { readState } from "../../data-loaders/exports/state.ts";
import { credentialAllowanceBytes } from "../../data-loaders/exports/target.ts";
import { expected, fixtureCustomers, tempDir, writeFixtureMarts } from "./fixture.ts";
import { readAmplitude, readCsv, readHeap, readMixpanel, type ReadBack } from "./read-back.ts";

const types = Object.fromEntries(Object.entries(propertyDocs).map(([name, doc]) => [name, doc.type]));
const ids = fixtureCustomers.map((c) => c.id).sort();
const silent = () => {};
let marts: string;

beforeAll(async () => {
  marts = await writeFixtureMarts();
});

function expectRoundTrip(back: ReadBack, want = expected()) {
  expect(back.order).toEqual(Object.keys(want).sort());
  for (const [id, count] of back.appearances) expect(count, id).toBe(1);
  for (const [id, properties] of Object.entries(want)) expect(back.properties.get(id), id).toEqual(properties);
}

function validator(schema: object) {
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  return (data: unknown) => {
    const ok = validate(data);
    return ok ? "valid" : JSON.stringify(validate.errors?.slice(0, 3));
  };
}

test("the properties read from the marts are the hand-worked ones, sorted by customer, and nothing else", async () => {
  const set = await readCustomerProperties(marts);
  expect(set.snapshotDate).toBe("2024-07-01");
  expect(set.customers.map((c) => c.customer_id)).toEqual(ids);
  expect(Object.fromEntries(set.customers.map((c) => [c.customer_id, c.properties]))).toEqual(expected());
  expect(JSON.stringify(set)).not.toContain("Greta");
});

describe.each([
  ["amplitude", (dir: string, names: string[]) => readAmplitude(dir, names)],
  ["mixpanel", (dir: string, names: string[]) => readMixpanel(dir, names)],
  ["heap", (dir: string, names: string[]) => readHeap(dir, names, types)],
])("%s", (name, readBack) => {
  const api = apiTargets[name];
  let dir: string;
  beforeAll(async () => {
    dir = tempDir(`export-${name}-`);
    await runExport({ target: name, outDir: dir, martsDir: marts, log: silent });
  });

  test("every batch file validates against the file schema, and every request as sent against the request schema", () => {
    const files = readdirSync(dir).filter((f) => /-\d{4}\.json$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const fileValid = validator(api.fileSchema);
    const requestValid = validator(api.requestSchema);
    for (const file of files) {
      const payload = JSON.parse(readFileSync(join(dir, file), "utf8"));
      expect(fileValid(payload), file).toBe("valid");
      const records = Array.isArray(payload) ? payload : (payload.identification ?? payload.users);
      const { body, contentType } = api.request(records, "test-key-123");
      const sent = contentType.includes("form") ? Object.fromEntries([...new URLSearchParams(body)].map(([k, v]) => [k, k === "identification" ? JSON.parse(v) : v])) : JSON.parse(body);
      expect(requestValid(sent), file).toBe("valid");
    }
  });

  test("read back, the files hold every customer once with the marts' properties", async () => {
    const set = await readCustomerProperties(marts);
    expectRoundTrip(readBack(dir, set.names));
  });

  test("a schema catches a malformed record", () => {
    const fileValid = validator(api.fileSchema);
    const payload = JSON.parse(readFileSync(join(dir, api.batchFile(1)), "utf8"));
    const records = Array.isArray(payload) ? payload : (payload.identification ?? payload.users);
    records[0] = { ...records[0], email: "someone@example.com" };
    expect(fileValid(payload)).not.toBe("valid");
  });
});

test("heap's CSV and the csv target read back to the marts' properties, with the documented columns", async () => {
  const dir = tempDir("export-csv-");
  await runExport({ target: "heap", outDir: dir, martsDir: marts, log: silent });
  await runExport({ target: "csv", outDir: dir, martsDir: marts, log: silent });
  const set = await readCustomerProperties(marts);
  expect(readFileSync(join(dir, "heap-user-properties.csv"), "utf8").split("\n")[0]).toBe(["identity", ...set.names].join(","));
  expect(readFileSync(join(dir, "customer-properties.csv"), "utf8").split("\n")[0]).toBe(["customer_id", ...set.names].join(","));
  expectRoundTrip(readCsv(join(dir, "heap-user-properties.csv"), "identity", set.names, types));
  expectRoundTrip(readCsv(join(dir, "customer-properties.csv"), "customer_id", set.names, types));
});

test("two runs write byte-identical files", async () => {
  const [a, b] = [tempDir("export-a-"), tempDir("export-b-")];
  for (const target of ["amplitude", "mixpanel", "heap", "csv"]) {
    await runExport({ target, outDir: a, martsDir: marts, log: silent });
    await runExport({ target, outDir: b, martsDir: marts, log: silent });
  }
  const files = readdirSync(a).sort();
  expect(readdirSync(b).sort()).toEqual(files);
  for (const file of files) expect(readFileSync(join(b, file), "utf8"), file).toBe(readFileSync(join(a, file), "utf8"));
});

test("without customer_clv_predictions the predicted value is left out, and the rest is unchanged", async () => {
  const noPredictions = await writeFixtureMarts({ withPredictions: false });
  const set = await readCustomerProperties(noPredictions);
  expect(set.hasPredictions).toBe(false);
  expect(set.names).not.toContain("predicted_value");
  expect(Object.fromEntries(set.customers.map((c) => [c.customer_id, c.properties]))).toEqual(expected(false));
});

test("missing marts: one clear line telling to run the marts", async () => {
  await expect(readCustomerProperties(join(tempDir("no-marts-"), "marts"))).rejects.toThrow(/customer_360\.parquet is missing: run npm run marts first/);
  await expect(runExport({ target: "braze", outDir: tempDir("x-"), martsDir: marts, log: silent })).rejects.toThrow(/unknown target "braze"/);
});

describe("batches", () => {
  test("--batch-size caps the records per request; a customer's records never split", async () => {
    for (const target of ["amplitude", "mixpanel", "heap"]) {
      const dir = tempDir(`export-small-${target}-`);
      const report = await runExport({ target, outDir: dir, martsDir: marts, batchSize: 3, log: silent });
      for (const batch of report.batches) expect(batch.records).toBeLessThanOrEqual(3);
      expect(report.batches.reduce((sum, b) => sum + b.customers, 0)).toBe(ids.length);
      if (target === "amplitude") expect(report.batches.map((b) => b.customers)).toEqual([3, 3, 1]);
      if (target === "mixpanel") {
        // C0007 has no scores: its $set and its $unset update travel in the same request.
        const holding = report.batches.map((b) => JSON.parse(readFileSync(join(dir, b.file), "utf8")).filter((u: { $distinct_id: string }) => u.$distinct_id === "C0007").length);
        expect(holding.filter((n) => n > 0)).toEqual([2]);
      }
    }
  });

  test("the byte arithmetic matches real request bodies, and batches are as full as the limit allows", async () => {
    const set = await readCustomerProperties(marts);
    const key = "k".repeat(credentialAllowanceBytes);
    for (const api of [amplitude, mixpanel, heap] as const) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const records = set.customers.flatMap((c) => (api as any).records(c));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const bytesOf = (batch: unknown[]) => Buffer.byteLength((api as any).request(batch, key).body);
      const limit = bytesOf(records.slice(0, 3)) + 10;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const batches = splitIntoBatches(records, { maxRecords: 1000, maxBytes: limit }, (api as any).size, () => "x");
      expect(batches.flat()).toEqual(records);
      batches.forEach((batch, i) => {
        expect(bytesOf(batch), api.name).toBeLessThanOrEqual(limit);
        if (i < batches.length - 1) expect(bytesOf([...batch, batches[i + 1][0]]), api.name).toBeGreaterThan(limit);
      });
      // Mixpanel counts the token per update; the others once per request.
      const computed = api.size.overheadBytes + records.slice(0, 3).reduce((s: number, r: unknown) => s + api.size.recordBytes(r as never), 0) + 2 * api.size.separatorBytes;
      expect(computed, api.name).toBeGreaterThanOrEqual(bytesOf(records.slice(0, 3)));
      if (api !== mixpanel) expect(computed, api.name).toBe(bytesOf(records.slice(0, 3)));
    }
  });

  test("the documented limits are the ones batches use", () => {
    expect(amplitude.limits).toEqual({ maxRecords: 1000, maxBytes: 1_000_000 });
    expect(mixpanel.limits).toEqual({ maxRecords: 2000, maxBytes: 2_000_000, maxRecordBytes: 1_000_000 });
    expect(heap.limits.maxRecords).toBe(1000);
  });
});

test("--changed-since exports only new and changed customers, and keeps the state of all", async () => {
  const dir = tempDir("export-changed-");
  const own = await writeFixtureMarts();
  await runExport({ target: "csv", outDir: dir, martsDir: own, changedOnly: true, log: silent });
  expect(readCsv(join(dir, "customer-properties.csv"), "customer_id", [], types).order).toEqual(ids);

  const again = await runExport({ target: "csv", outDir: dir, martsDir: own, changedOnly: true, log: silent });
  expect(again.customersExported).toBe(0);
  expect(again.unchangedSkipped).toBe(ids.length);

  const changed = fixtureCustomers.map((c) => (c.id === "C0002" ? { ...c, segment: "Loyal" } : c));
  changed.push({ id: "C0008", first: "2024-06-01 10:00:00", segment: "New Customers", scores: [5, 1, 1], churn: ["Active", false, "Low"], tier: "Low", predicted: null });
  await writeFixtureMarts({ customers: changed, dir: own });
  const report = await runExport({ target: "csv", outDir: dir, martsDir: own, changedOnly: true, log: silent });
  expect(report.customersExported).toBe(2);
  const set = await readCustomerProperties(own);
  const back = readCsv(join(dir, "customer-properties.csv"), "customer_id", set.names, types);
  expect(back.order).toEqual(["C0002", "C0008"]);
  expect(back.properties.get("C0002")!.rfm_segment).toBe("Loyal");
  expect(back.properties.get("C0008")!.lifecycle_stage).toBe("Acquisition");
  expect(Object.keys(readState(dir, "csv")!.customers)).toEqual([...ids, "C0008"]);
});

test("amplitude: ids shorter than Amplitude keeps are warned about, and the schema flags them", async () => {
  const short = await writeFixtureMarts({ customers: [...fixtureCustomers, { ...fixtureCustomers[0], id: "C9" }] });
  const dir = tempDir("export-short-");
  const log: string[] = [];
  await runExport({ target: "amplitude", outDir: dir, martsDir: short, log: (line) => log.push(line) });
  expect(log).toContain("export: warning: 1 customer id(s) shorter than 5 characters; Amplitude's ingestion APIs drop such user ids");
  const valid = validator(amplitude.fileSchema);
  expect(valid(JSON.parse(readFileSync(join(dir, amplitude.batchFile(1)), "utf8")))).toMatch(/minLength/);
  await expect(runExport({ target: "csv", outDir: dir, martsDir: short, batchSize: 5, log: silent })).rejects.toThrow(/--batch-size: the csv target is one file/);
});
