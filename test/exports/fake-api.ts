// A local HTTP server on 127.0.0.1 that answers like Amplitude's Identify API, Mixpanel's engage
// endpoint or Heap's bulk add_user_properties: it checks the credential, validates each request
// against the target's request schema, and answers from a script (rate limits, server errors, a
// batch it refuses) before accepting. It records which customers each accepted request carried.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv } from "ajv";
import type { ApiTarget } from "../../data-loaders/exports/target.ts";

export interface Scripted {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface FakeApi {
  url: string;
  /** Answers for the next requests, in order, before the normal behaviour resumes. */
  queue: Scripted[];
  /** Requests holding this customer are refused (the API's answer for invalid data). */
  refuseCustomer?: string;
  /** Every request that reached the server: its customers and how it was answered. */
  requests: { customers: string[]; status: number; accepted: boolean }[];
  /** Customers of accepted requests, one entry per acceptance. */
  accepted: string[];
  schemaErrors: string[];
  close(): Promise<void>;
}

/** The body parsed the way the API reads it, and the credential and customers in it. */
function parse(target: string, body: string): { payload: unknown; credential: string; customers: string[] } {
  if (target === "amplitude") {
    const form = new URLSearchParams(body);
    const identification = JSON.parse(form.get("identification") ?? "null");
    return { payload: { api_key: form.get("api_key"), identification }, credential: form.get("api_key") ?? "", customers: identification.map((i: { user_id: string }) => i.user_id) };
  }
  const parsed = JSON.parse(body);
  if (target === "mixpanel") {
    return { payload: parsed, credential: parsed[0]?.$token ?? "", customers: [...new Set<string>(parsed.map((u: { $distinct_id: string }) => u.$distinct_id))] };
  }
  return { payload: parsed, credential: parsed.app_id ?? "", customers: parsed.users.map((u: { identity: string }) => u.identity) };
}

const refusal: Record<string, Scripted> = {
  amplitude: { status: 400, body: JSON.stringify({ code: 400, error: "Invalid field values on some events" }) },
  // Mixpanel answers 200 with status 0 when it refuses data.
  mixpanel: { status: 200, body: JSON.stringify({ status: 0, error: "some data points in the request failed validation" }) },
  heap: { status: 400, body: "Bad Request" },
};

const success: Record<string, Scripted> = {
  amplitude: { status: 200, body: "success" },
  mixpanel: { status: 200, body: JSON.stringify({ status: 1, error: null }) },
  heap: { status: 200, body: "" },
};

export async function startFakeApi(api: ApiTarget<unknown>, key: string): Promise<FakeApi> {
  const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(api.requestSchema);
  const fake: FakeApi = { url: "", queue: [], requests: [], accepted: [], schemaErrors: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const { payload, credential, customers } = parse(api.name, Buffer.concat(chunks).toString("utf8"));
      if (!validate(payload)) fake.schemaErrors.push(JSON.stringify(validate.errors?.slice(0, 2)));
      let answer: Scripted;
      if (credential !== key) answer = { status: 401, body: "invalid credential" };
      else if (fake.queue.length) answer = fake.queue.shift()!;
      else if (fake.refuseCustomer && customers.includes(fake.refuseCustomer)) answer = refusal[api.name];
      else answer = success[api.name];
      const accepted = answer === success[api.name];
      fake.requests.push({ customers, status: answer.status, accepted });
      if (accepted) fake.accepted.push(...customers);
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${api.name === "heap" ? "api/add_user_properties" : api.name === "mixpanel" ? "engage?verbose=1" : "identify"}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
