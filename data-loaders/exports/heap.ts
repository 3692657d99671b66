// Heap server-side API, bulk user properties: POST https://heapanalytics.com/api/add_user_properties
// with {app_id, users: [{identity, properties}]} (https://developers.heap.io/reference/bulk-add-user-properties:
// "takes a users array of objects, with a max of 1000 users per request"). From the single-user
// page (https://developers.heap.io/reference/add-user-properties): identity is a case-sensitive
// string "limited to 255 characters"; "Each key and property must either be a number or string
// with fewer than 1024 characters" (so booleans are sent as "true"/"false"); requests "are
// limited to 30 requests per 30 seconds per identity per app_id" (one request per identity here).
// No request-size limit is documented. Heap keeps only the latest value of a property and has no
// call to clear one, so a property without a value is left out (the profile keeps its old value).
// Idempotency: no de-duplication key; setting the same values again is idempotent.
//
// The CSV beside the batches has the same fields as columns (identity, then one column per
// property, empty = no value): we found no published specification of a Heap CSV import, so it
// follows the API's field names.
import type { CustomerProperties } from "./properties.ts";
import { batchName, credentialAllowanceBytes, jsonBytes, type ApiTarget } from "./target.ts";

export interface HeapUser {
  identity: string;
  properties: Record<string, string | number>;
}

const user = {
  type: "object",
  required: ["identity", "properties"],
  additionalProperties: false,
  properties: {
    identity: { type: "string", minLength: 1, maxLength: 255 },
    properties: {
      type: "object",
      minProperties: 1,
      propertyNames: { maxLength: 1023, not: { pattern: "^[iI][dD]$" } },
      additionalProperties: { oneOf: [{ type: "number" }, { type: "string", maxLength: 1023 }] },
    },
  },
};

const users = { type: "array", minItems: 1, maxItems: 1000, items: user };

export function heapValue(value: string | number | boolean): string | number {
  return typeof value === "boolean" ? String(value) : value;
}

export const heap: ApiTarget<HeapUser> = {
  name: "heap",
  keyEnv: "HEAP_APP_ID",
  defaultEndpoint: "https://heapanalytics.com/api/add_user_properties",
  limits: { maxRecords: 1000, maxBytes: Number.POSITIVE_INFINITY },
  size: { overheadBytes: `{"app_id":"","users":[]}`.length + credentialAllowanceBytes, recordBytes: jsonBytes, separatorBytes: 1 },
  records(customer: CustomerProperties) {
    const properties: HeapUser["properties"] = {};
    for (const [name, value] of Object.entries(customer.properties)) if (value !== null) properties[name] = heapValue(value);
    return [{ identity: customer.customer_id, properties }];
  },
  customerOf: (record) => record.identity,
  batchFile: (index) => batchName("heap-user-properties", index),
  filePayload: (records) => ({ users: records }),
  request(records, key) {
    return { contentType: "application/json", body: JSON.stringify({ app_id: key, users: records }) };
  },
  verdict: (status) => (status >= 200 && status < 300 ? "accepted" : status === 429 || status >= 500 ? "retry" : "rejected"),
  rateLimitWaitMs: 0,
  requestSchema: {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Heap bulk add_user_properties request",
    type: "object", required: ["app_id", "users"], additionalProperties: false,
    properties: { app_id: { type: "string", minLength: 1 }, users },
  },
  fileSchema: {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Heap bulk user properties batch file (app_id is added when sending)",
    type: "object", required: ["users"], additionalProperties: false,
    properties: { users },
  },
};
