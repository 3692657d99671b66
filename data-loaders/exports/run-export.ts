// One activation export: read the properties from the marts, keep the customers to export (all,
// or with changedOnly those whose properties differ from the previous export's state), write the
// files in the target's documented bulk format, then optionally send each batch and record what
// the API accepted. Files are sorted by customer id and hold no key and no time.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "../pipeline/hashing.ts";
import { UserError } from "../pipeline/errors.ts";
import type { Log } from "../pipeline/progress.ts";
import { amplitude, minAmplitudeIdLength } from "./amplitude.ts";
import { splitIntoBatches } from "./batches.ts";
import { csvFile, heapCsvFile, propertiesCsv } from "./csv.ts";
import { heap } from "./heap.ts";
import { mixpanel } from "./mixpanel.ts";
import { readCustomerProperties, type CustomerProperties } from "./properties.ts";
import { defaultRetryPolicy, sendWithRetry, type RetryPolicy } from "./send.ts";
import { changedCustomers, readLedger, readState, withCustomers, writeAtomically, writeLedger, writeState, type ExportState } from "./state.ts";
import type { ApiTarget } from "./target.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const apiTargets: Record<string, ApiTarget<any>> = { amplitude, mixpanel, heap };
export const targetNames = [...Object.keys(apiTargets), "csv"];

export interface ExportOptions {
  target: string;
  outDir: string;
  martsDir: string;
  changedOnly?: boolean;
  /** Fewer records per request than the API allows (never more). */
  batchSize?: number;
  send?: { key: string; endpoint?: string; policy?: Partial<RetryPolicy> };
  log: Log;
}

export interface BatchReport {
  file: string;
  customers: number;
  records: number;
  hash: string;
  /** Only when sending. */
  outcome?: "accepted" | "already accepted" | "rejected" | "gave up";
  detail?: string;
  attempts?: number;
}

export interface ExportReport {
  target: string;
  snapshotDate: string;
  customersInMarts: number;
  customersExported: number;
  unchangedSkipped: number;
  files: string[];
  batches: BatchReport[];
  sent: boolean;
  acceptedCustomers: number;
  failedCustomers: number;
}

export async function runExport(options: ExportOptions): Promise<ExportReport> {
  const { target, outDir, log } = options;
  if (!targetNames.includes(target)) throw new UserError(`--to: unknown target "${target}" (known: ${targetNames.join(", ")})`);
  if (options.send && target === "csv") throw new UserError("--send: the csv target is a file only; send with --to amplitude, mixpanel or heap");
  if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) throw new UserError(`--batch-size must be a whole number of at least 1, got ${options.batchSize}`);
  if (options.batchSize !== undefined && target === "csv") throw new UserError("--batch-size: the csv target is one file; batches are for amplitude, mixpanel and heap");

  const set = await readCustomerProperties(options.martsDir);
  log(`export: ${set.customers.length.toLocaleString("en-US")} customers as of ${set.snapshotDate}${set.hasPredictions ? "" : " (no customer_clv_predictions mart: predicted value left out)"}`);
  mkdirSync(outDir, { recursive: true });
  const previous = readState(outDir, target);
  let customers = set.customers;
  if (options.changedOnly) {
    if (previous) customers = changedCustomers(set.customers, previous);
    else log(`export: no previous ${target} state in ${outDir}: every customer counts as changed`);
  }
  const unchangedSkipped = set.customers.length - customers.length;
  if (options.changedOnly) log(`export: ${customers.length.toLocaleString("en-US")} changed since the previous export, ${unchangedSkipped.toLocaleString("en-US")} unchanged left out`);
  const state: ExportState = previous ?? { target, customers: {} };

  removeOwnFiles(outDir, target);
  const report: ExportReport = {
    target, snapshotDate: set.snapshotDate, customersInMarts: set.customers.length, customersExported: customers.length,
    unchangedSkipped, files: [], batches: [], sent: Boolean(options.send), acceptedCustomers: 0, failedCustomers: 0,
  };

  if (target === "csv") {
    writeFileSync(join(outDir, csvFile), propertiesCsv("customer_id", set.names, customers));
    report.files.push(csvFile);
  } else {
    const api = apiTargets[target];
    if (target === "heap") {
      writeFileSync(join(outDir, heapCsvFile), propertiesCsv("identity", set.names, customers));
      report.files.push(heapCsvFile);
    }
    if (target === "amplitude") {
      const short = customers.filter((c) => c.customer_id.length < minAmplitudeIdLength).length;
      // Kept in the files (the schema test flags them) but said out loud: Amplitude would drop them.
      if (short) log(`export: warning: ${short} customer id(s) shorter than ${minAmplitudeIdLength} characters; Amplitude's ingestion APIs drop such user ids`);
    }
    const batches = batchCustomers(api, customers, options.batchSize);
    batches.forEach((batch, i) => {
      const file = api.batchFile(i + 1);
      const text = JSON.stringify(api.filePayload(batch.records), null, 1) + "\n";
      writeFileSync(join(outDir, file), text);
      report.files.push(file);
      report.batches.push({ file, customers: batch.customers.length, records: batch.records.length, hash: sha256(text) });
    });
    log(`export: wrote ${batches.length} ${target} batch file(s) to ${outDir} (at most ${Math.min(api.limits.maxRecords, options.batchSize ?? Infinity)} records each)`);
    if (options.send) {
      await sendBatches(api, batches, report, state, options);
      writeManifest(outDir, report, set.names);
      return report;
    }
  }
  writeState(outDir, withCustomers(state, customers));
  writeManifest(outDir, report, set.names);
  log(`export: wrote ${report.files.join(", ")}${report.files.length ? "" : "nothing"} in ${outDir}`);
  return report;
}

interface Batch<R> {
  records: R[];
  customers: CustomerProperties[];
}

/** Batches never split one customer's records (a Mixpanel $set and its $unset travel together). */
function batchCustomers<R>(api: ApiTarget<R>, customers: CustomerProperties[], batchSize?: number): Batch<R>[] {
  const limits = { ...api.limits, maxRecords: Math.min(api.limits.maxRecords, batchSize ?? Infinity) };
  const groups = customers.map((customer) => ({ customer, records: api.records(customer) }));
  const size = {
    overheadBytes: api.size.overheadBytes,
    recordBytes: (group: (typeof groups)[number]) => group.records.reduce((sum, r) => sum + api.size.recordBytes(r), 0) + api.size.separatorBytes * (group.records.length - 1),
    separatorBytes: api.size.separatorBytes,
  };
  for (const group of groups) {
    for (const record of group.records) {
      if (limits.maxRecordBytes !== undefined && api.size.recordBytes(record) > limits.maxRecordBytes) {
        throw new UserError(`customer ${group.customer.customer_id}: one ${api.name} update is over the API's ${limits.maxRecordBytes}-byte limit`);
      }
    }
  }
  // Records, not customers, count against the per-request limit.
  const byGroup = { ...limits, maxRecordBytes: undefined };
  return splitIntoBatches(groups, byGroup, size, (group) => group.customer.customer_id, (group) => group.records.length).map((batch) => ({
    records: batch.flatMap((group) => group.records),
    customers: batch.map((group) => group.customer),
  }));
}

async function sendBatches<R>(api: ApiTarget<R>, batches: Batch<R>[], report: ExportReport, initialState: ExportState, options: ExportOptions): Promise<void> {
  const { outDir, log } = options;
  const { key, endpoint = api.defaultEndpoint } = options.send!;
  const policy: RetryPolicy = { ...defaultRetryPolicy, rateLimitWaitMs: api.rateLimitWaitMs, ...options.send!.policy };
  const mask = (text: string) => (key ? text.split(key).join("***") : text);
  const ledger = readLedger(outDir, api.name, safeUrl(endpoint));
  let state = initialState;
  log(`export: sending ${batches.length} batch(es) to ${safeUrl(endpoint)}`);
  for (const [i, batch] of batches.entries()) {
    const entry = report.batches[i];
    const label = `  batch ${i + 1}/${batches.length} (${batch.customers.length} customers)`;
    if (ledger.accepted[entry.hash] !== undefined) {
      entry.outcome = "already accepted";
      log(`${label}: accepted in an earlier run, not sent again`);
    } else {
      const outcome = await sendWithRetry(endpoint, api.request(batch.records, key), api.verdict, policy, mask, log);
      entry.outcome = outcome.verdict;
      entry.detail = outcome.detail;
      entry.attempts = outcome.attempts;
      log(`${label}: ${outcome.verdict}${outcome.verdict === "accepted" ? "" : ` (${outcome.detail})`}${outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : ""}`);
      if (outcome.verdict === "accepted") {
        // Recorded at once, so a run that dies later still knows this batch went through.
        ledger.accepted[entry.hash] = batch.customers.length;
        writeLedger(outDir, ledger);
      }
    }
    if (entry.outcome === "accepted" || entry.outcome === "already accepted") {
      report.acceptedCustomers += batch.customers.length;
      state = withCustomers(state, batch.customers);
      writeState(outDir, state);
    } else {
      report.failedCustomers += batch.customers.length;
    }
  }
  if (!batches.length) writeState(outDir, state);
}

function removeOwnFiles(dir: string, target: string): void {
  const own = new RegExp(`^(${target}-(identify|engage|user-properties)-\\d{4}\\.json|${target}-manifest\\.json|${target === "csv" ? csvFile : target === "heap" ? heapCsvFile : "$^"})$`);
  for (const file of readdirSync(dir)) if (own.test(file)) rmSync(join(dir, file));
}

function writeManifest(dir: string, report: ExportReport, names: string[]): void {
  const { target, snapshotDate, customersInMarts, customersExported, unchangedSkipped, files, batches } = report;
  const manifest = {
    target, snapshot_date: snapshotDate, properties: names, customers_in_marts: customersInMarts,
    customers_exported: customersExported, unchanged_left_out: unchangedSkipped, files,
    batches: batches.map(({ file, customers, records, hash }) => ({ file, customers, records, sha256: hash })),
  };
  writeAtomically(join(dir, `${target}-manifest.json`), JSON.stringify(manifest, null, 1) + "\n");
}

/** The endpoint without query string or credentials, for logs. */
export function safeUrl(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    throw new UserError(`--endpoint: "${endpoint}" is not a URL`);
  }
}
