// Two files kept beside an export, per target, so that runs can follow one another:
// - <target>-state.json: each customer's properties as last exported (written files, or with
//   --send the batches the API accepted). --changed-since exports only customers whose
//   properties differ from it.
// - <target>-send-ledger.json: the content hash of every batch the API accepted. A re-run after
//   a failure skips those batches, so it sends only what was not accepted.
// Neither holds a key or a time: the same run gives the same files. The ledger names the endpoint
// (without its query) it applies to; keep one --out folder per destination project.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../pipeline/errors.ts";
import { displayPath } from "../pipeline/paths.ts";
import type { CustomerProperties, Properties } from "./properties.ts";

export interface ExportState {
  target: string;
  customers: Record<string, Properties>;
}

export interface SendLedger {
  target: string;
  /** Where the batches went (scheme, host and path; no query, no key). */
  endpoint: string;
  /** batch hash -> customers in it */
  accepted: Record<string, number>;
}

export const statePath = (dir: string, target: string) => join(dir, `${target}-state.json`);
export const ledgerPath = (dir: string, target: string) => join(dir, `${target}-send-ledger.json`);

export function readState(dir: string, target: string): ExportState | undefined {
  return readJson<ExportState>(statePath(dir, target), target, "customers");
}

/** A ledger of another endpoint does not count: sending there would skip batches it never got. */
export function readLedger(dir: string, target: string, endpoint: string): SendLedger {
  const ledger = readJson<SendLedger>(ledgerPath(dir, target), target, "accepted");
  return ledger && ledger.endpoint === endpoint ? ledger : { target, endpoint, accepted: {} };
}

/** Customers that are new or whose properties differ from the state. */
export function changedCustomers(customers: CustomerProperties[], previous: ExportState): CustomerProperties[] {
  return customers.filter((customer) => {
    const before = previous.customers[customer.customer_id];
    return before === undefined || JSON.stringify(sortedKeys(before)) !== JSON.stringify(sortedKeys(customer.properties));
  });
}

export function withCustomers(state: ExportState, customers: CustomerProperties[]): ExportState {
  const merged = { ...state.customers };
  for (const customer of customers) merged[customer.customer_id] = customer.properties;
  return { target: state.target, customers: merged };
}

/** One customer per line: readable, diffable, and a third the size of indented JSON. */
export function writeState(dir: string, state: ExportState): void {
  const lines = Object.keys(state.customers).sort().map((id) => `${JSON.stringify(id)}:${JSON.stringify(state.customers[id])}`);
  writeAtomically(statePath(dir, state.target), `{"target":${JSON.stringify(state.target)},"customers":{\n${lines.join(",\n")}\n}}\n`);
}

export function writeLedger(dir: string, ledger: SendLedger): void {
  const sorted = Object.fromEntries(Object.keys(ledger.accepted).sort().map((hash) => [hash, ledger.accepted[hash]]));
  writeAtomically(ledgerPath(dir, ledger.target), JSON.stringify({ target: ledger.target, endpoint: ledger.endpoint, accepted: sorted }, null, 1) + "\n");
}

/** Written beside and renamed, so an interrupted run never leaves half a state file. */
export function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}

function readJson<T>(path: string, target: string, key: string): T | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UserError(`${displayPath(path)}: not valid JSON (${(error as Error).message}); delete it to start afresh`);
  }
  if (parsed.target !== target || typeof parsed[key] !== "object" || parsed[key] === null) {
    throw new UserError(`${displayPath(path)}: not a ${target} export file (expected "target": "${target}" and "${key}"); delete it to start afresh`);
  }
  return parsed as T;
}

function sortedKeys(properties: Properties): Properties {
  return Object.fromEntries(Object.keys(properties).sort().map((name) => [name, properties[name]]));
}
