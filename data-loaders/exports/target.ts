// What each activation target provides: how a customer becomes records in the tool's documented
// bulk format, the limits batches must keep under, the request that sends a batch, and how the
// API's answer is read. Files never hold a credential: the sender adds it to the request.
import type { BatchLimits, BodySize } from "./batches.ts";
import type { CustomerProperties } from "./properties.ts";

export type Verdict = "accepted" | "retry" | "rejected";

export interface ApiTarget<R> {
  name: string;
  /** Environment variable holding the key, token or app id. */
  keyEnv: string;
  defaultEndpoint: string;
  limits: BatchLimits;
  /** Size of a request body of these records, with an allowance for the credential. */
  size: BodySize<R>;
  /** One customer's records (Mixpanel needs a second update to clear properties). */
  records(customer: CustomerProperties): R[];
  customerOf(record: R): string;
  /** File name of batch `index` (1-based). */
  batchFile(index: number): string;
  /** What a batch file holds: the request payload without the credential. */
  filePayload(records: R[]): unknown;
  request(records: R[], key: string): { contentType: string; body: string };
  verdict(status: number, body: string): Verdict;
  /** Least wait after a 429 that the API's documentation asks for. */
  rateLimitWaitMs: number;
  /** JSON Schema of the request payload as sent (credential included). */
  requestSchema: object;
  /** JSON Schema of a batch file. */
  fileSchema: object;
}

export const credentialAllowanceBytes = 256;

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** Properties with a value (APIs set these) and the names without one (to clear). */
export function splitNulls(properties: Record<string, unknown>): { set: Record<string, unknown>; unset: string[] } {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [name, value] of Object.entries(properties)) {
    if (value === null) unset.push(name);
    else set[name] = value;
  }
  return { set, unset };
}

export function batchName(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(4, "0")}.json`;
}
