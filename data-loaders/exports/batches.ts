// Splits records into consecutive batches that keep under an API's documented limits: at most
// `maxRecords` per request and at most `maxBytes` for the request body as sent. Each target
// states its limits (and where they are documented) in its own module.
import { UserError } from "../pipeline/errors.ts";

export interface BatchLimits {
  maxRecords: number;
  /** Bytes of the whole request body, as sent. */
  maxBytes: number;
  /** Bytes of one record, where the API limits records on their own (Mixpanel: 1 MB per update). */
  maxRecordBytes?: number;
}

/** How a format's request body grows with its records: body = overhead + records + separators. */
export interface BodySize<T> {
  /** Bytes of a body with no records (envelope and credential allowance included). */
  overheadBytes: number;
  recordBytes(record: T): number;
  separatorBytes: number;
}

/** Greedy and in order, so the same records always make the same batches. */
export function splitIntoBatches<T>(records: T[], limits: BatchLimits, size: BodySize<T>, idOf: (record: T) => string): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = size.overheadBytes;
  for (const record of records) {
    const own = size.recordBytes(record);
    if (size.overheadBytes + own > limits.maxBytes || (limits.maxRecordBytes !== undefined && own > limits.maxRecordBytes)) {
      throw new UserError(`customer ${idOf(record)}: its record alone is ${own} bytes, over the API's limit (${limits.maxRecordBytes ?? limits.maxBytes} bytes)`);
    }
    const grown = bytes + (current.length ? size.separatorBytes : 0) + own;
    if (current.length && (current.length >= limits.maxRecords || grown > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = size.overheadBytes;
    }
    bytes += (current.length ? size.separatorBytes : 0) + own;
    current.push(record);
  }
  if (current.length) batches.push(current);
  return batches;
}
