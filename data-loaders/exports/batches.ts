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

/**
 * Greedy and in order, so the same records always make the same batches. `countOf` says how many
 * of the API's records an item is (a customer may need two Mixpanel updates).
 */
export function splitIntoBatches<T>(records: T[], limits: BatchLimits, size: BodySize<T>, idOf: (record: T) => string, countOf: (record: T) => number = () => 1): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = size.overheadBytes;
  let count = 0;
  for (const record of records) {
    const n = countOf(record);
    if (n > limits.maxRecords) throw new UserError(`customer ${idOf(record)}: needs ${n} records, over the ${limits.maxRecords} a request may hold`);
    const own = size.recordBytes(record);
    if (size.overheadBytes + own > limits.maxBytes || (limits.maxRecordBytes !== undefined && own > limits.maxRecordBytes)) {
      throw new UserError(`customer ${idOf(record)}: its record alone is ${own} bytes, over the API's limit (${limits.maxRecordBytes ?? limits.maxBytes} bytes)`);
    }
    const grown = bytes + (current.length ? size.separatorBytes : 0) + own;
    if (current.length && (count + n > limits.maxRecords || grown > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = size.overheadBytes;
      count = 0;
    }
    bytes += (current.length ? size.separatorBytes : 0) + own;
    count += n;
    current.push(record);
  }
  if (current.length) batches.push(current);
  return batches;
}
