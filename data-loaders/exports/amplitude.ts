// Amplitude Identify API: POST https://api2.amplitude.com/identify, form-encoded, with
// `api_key` and `identification` = a JSON array of {user_id, user_properties}; user property
// operations $set and $unset (https://amplitude.com/docs/apis/analytics/identify).
//
// Limits (the Identify page: "All throttling and status code guidance from Amplitude's HTTP V2
// API applies to the Identify API"; https://amplitude.com/docs/apis/analytics/http-v2, Upload
// limit): "Keep request sizes under 1 MB with fewer than 2000 events per request" (Growth and
// Enterprise plans; Starter plans are asked to send at most 10 per batch: use --batch-size 10).
// We send at most 1,000 identifications per request, under both bounds with room to spare.
// On 429 the Identify page says: "Pause sending ... for 15 seconds before retrying. Continue
// retrying until you no longer receive status code 429."
// Idempotency: identifications carry no insert_id (that de-duplication key exists for events on
// the HTTP V2 and Batch APIs only), but $set/$unset to the same values is idempotent, so a batch
// re-sent after a lost response leaves the same profile.
import type { CustomerProperties } from "./properties.ts";
import { batchName, credentialAllowanceBytes, splitNulls, type ApiTarget } from "./target.ts";

export interface Identification {
  user_id: string;
  user_properties: { $set: Record<string, unknown>; $unset?: Record<string, "-"> };
}

/** https://amplitude.com/docs/apis/analytics/batch-event-upload: "Device IDs and user IDs must be strings of 5 characters or more". */
export const minAmplitudeIdLength = 5;

const formBytes = (text: string) => Buffer.byteLength(new URLSearchParams({ x: text }).toString()) - 2;

const identification = {
  type: "object",
  required: ["user_id", "user_properties"],
  additionalProperties: false,
  properties: {
    user_id: { type: "string", minLength: minAmplitudeIdLength },
    user_properties: {
      type: "object",
      required: ["$set"],
      additionalProperties: false,
      properties: {
        $set: { type: "object", minProperties: 1, additionalProperties: { type: ["string", "number", "boolean"] } },
        $unset: { type: "object", minProperties: 1, additionalProperties: { const: "-" } },
      },
    },
  },
};

const identificationArray = { type: "array", minItems: 1, maxItems: 1000, items: identification };

export const amplitude: ApiTarget<Identification> = {
  name: "amplitude",
  keyEnv: "AMPLITUDE_API_KEY",
  defaultEndpoint: "https://api2.amplitude.com/identify",
  limits: { maxRecords: 1000, maxBytes: 1_000_000 },
  size: {
    // "api_key=<key>&identification=" + the encoded "[" and "]"
    overheadBytes: "api_key=&identification=".length + credentialAllowanceBytes + formBytes("[]"),
    recordBytes: (record) => formBytes(JSON.stringify(record)),
    separatorBytes: formBytes(","),
  },
  records(customer: CustomerProperties) {
    const { set, unset } = splitNulls(customer.properties);
    const user_properties: Identification["user_properties"] = { $set: set };
    if (unset.length) user_properties.$unset = Object.fromEntries(unset.map((name) => [name, "-" as const]));
    return [{ user_id: customer.customer_id, user_properties }];
  },
  customerOf: (record) => record.user_id,
  batchFile: (index) => batchName("amplitude-identify", index),
  filePayload: (records) => ({ identification: records }),
  request(records, key) {
    return {
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams({ api_key: key, identification: JSON.stringify(records) }).toString(),
    };
  },
  verdict: (status) => (status >= 200 && status < 300 ? "accepted" : status === 429 || status >= 500 ? "retry" : "rejected"),
  rateLimitWaitMs: 15_000,
  // The form fields, with `identification` parsed from its JSON text.
  requestSchema: {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Amplitude Identify API request (form fields, identification parsed)",
    type: "object",
    required: ["api_key", "identification"],
    additionalProperties: false,
    properties: { api_key: { type: "string", minLength: 1 }, identification: identificationArray },
  },
  fileSchema: {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Amplitude identify batch file (the identification parameter; the key is added when sending)",
    type: "object",
    required: ["identification"],
    additionalProperties: false,
    properties: { identification: identificationArray },
  },
};
