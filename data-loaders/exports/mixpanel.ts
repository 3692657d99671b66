// Mixpanel Ingestion API, user profiles: POST https://api.mixpanel.com/engage with a JSON array
// of updates, each {$token, $distinct_id, $set} (https://docs.mixpanel.com/reference/profile-set);
// a property without a value is cleared with a separate {$token, $distinct_id, $unset: [names]}
// update. $ignore_time keeps a sync from moving the profile's "Last Seen".
//
// Limits (https://docs.mixpanel.com/reference/user-profile-limits): "the total number profile
// updates that can be sent per request to 2000 as well as limit each individual update in the
// request to a maximum of 1 MB". The request payload limit for /engage, 2 MB, is from the API
// reference's rate-limits page as mirrored at https://www.mintlify.com/mixpanel/docs/api-reference/rate-limits
// ("/engage | 2 MB | 2000 profile updates"); the official user-profile-limits page states no total.
// Answers: the profile-set page warns "This API will return a 200 OK even if there are data
// validation issues. To ensure the request actually succeeded, you need to check the response
// body": we ask for verbose=1 and accept only {"status": 1}. 429 means retry with exponential
// backoff (rate limits page). Idempotency: no de-duplication key exists for profile updates
// ($insert_id is for events); $set/$unset to the same values is idempotent.
import type { CustomerProperties } from "./properties.ts";
import { batchName, credentialAllowanceBytes, jsonBytes, splitNulls, type ApiTarget } from "./target.ts";

export type EngageUpdate =
  | { $distinct_id: string; $set: Record<string, unknown>; $ignore_time: true }
  | { $distinct_id: string; $unset: string[]; $ignore_time: true };

const update = (withToken: boolean) => {
  const base = {
    $distinct_id: { type: "string", minLength: 1 },
    $ignore_time: { const: true },
    ...(withToken ? { $token: { type: "string", minLength: 1 } } : {}),
  };
  const required = ["$distinct_id", ...(withToken ? ["$token"] : [])];
  return {
    oneOf: [
      {
        type: "object", additionalProperties: false, required: [...required, "$set"],
        properties: { ...base, $set: { type: "object", minProperties: 1, additionalProperties: { type: ["string", "number", "boolean"] } } },
      },
      {
        type: "object", additionalProperties: false, required: [...required, "$unset"],
        properties: { ...base, $unset: { type: "array", minItems: 1, uniqueItems: true, items: { type: "string" } } },
      },
    ],
  };
};

export const mixpanel: ApiTarget<EngageUpdate> = {
  name: "mixpanel",
  keyEnv: "MIXPANEL_PROJECT_TOKEN",
  defaultEndpoint: "https://api.mixpanel.com/engage?verbose=1",
  limits: { maxRecords: 2000, maxBytes: 2_000_000, maxRecordBytes: 1_000_000 },
  size: {
    overheadBytes: 2,
    // Each update grows by the token field when sent.
    recordBytes: (record) => jsonBytes(record) + `"$token":"",`.length + credentialAllowanceBytes,
    separatorBytes: 1,
  },
  records(customer: CustomerProperties) {
    const { set, unset } = splitNulls(customer.properties);
    const updates: EngageUpdate[] = [{ $distinct_id: customer.customer_id, $set: set, $ignore_time: true }];
    if (unset.length) updates.push({ $distinct_id: customer.customer_id, $unset: unset, $ignore_time: true });
    return updates;
  },
  customerOf: (record) => record.$distinct_id,
  batchFile: (index) => batchName("mixpanel-engage", index),
  filePayload: (records) => records,
  request(records, key) {
    return { contentType: "application/json", body: JSON.stringify(records.map((record) => ({ $token: key, ...record }))) };
  },
  verdict(status, body) {
    if (status === 429 || status >= 500) return "retry";
    if (status < 200 || status >= 300) return "rejected";
    const text = body.trim();
    if (text === "1") return "accepted";
    try {
      return (JSON.parse(text) as { status?: unknown }).status === 1 ? "accepted" : "rejected";
    } catch {
      return "rejected";
    }
  },
  rateLimitWaitMs: 0,
  requestSchema: {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Mixpanel engage request: profile updates",
    type: "array", minItems: 1, maxItems: 2000, items: update(true),
  },
  fileSchema: {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Mixpanel engage batch file ($token is added when sending)",
    type: "array", minItems: 1, maxItems: 2000, items: update(false),
  },
};
