// Sends one batch with retries: a 429, a 5xx or a failed connection is retried after an
// exponential backoff with jitter (base * 2^attempt, capped, then a random point in its upper
// half), never sooner than a Retry-After header or the API's documented least wait after a 429.
// Any other answer is final. Sleep, randomness and fetch are injectable so tests run instantly and
// repeatably. Nothing logged carries the key: response text is cut short and the key masked.
import type { Verdict } from "./target.ts";

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Least wait after a 429 (Amplitude documents 15 s). */
  rateLimitWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). */
  random: () => number;
  fetch: typeof fetch;
  timeoutMs: number;
}

export interface SendOutcome {
  verdict: Exclude<Verdict, "retry"> | "gave up";
  attempts: number;
  status?: number;
  detail: string;
  waitedMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  rateLimitWaitMs: 0,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  fetch: (...args) => fetch(...args),
  timeoutMs: 60_000,
};


export function backoffMs(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs" | "random">): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

export async function sendWithRetry(
  endpoint: string,
  request: { contentType: string; body: string },
  verdictOf: (status: number, body: string) => Verdict,
  policy: RetryPolicy,
  mask: (text: string) => string,
  log: (line: string) => void,
): Promise<SendOutcome> {
  let waitedMs = 0;
  let last = { status: undefined as number | undefined, detail: "" };
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    let retryAfterMs = 0;
    try {
      const response = await policy.fetch(endpoint, {
        method: "POST",
        headers: { "content-type": request.contentType, accept: "application/json, text/plain" },
        body: request.body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const text = await response.text();
      const verdict = verdictOf(response.status, text);
      last = { status: response.status, detail: mask(`HTTP ${response.status} ${text.trim().slice(0, 160)}`) };
      if (verdict !== "retry") return { verdict, attempts: attempt, status: response.status, detail: last.detail, waitedMs };
      const retryAfter = Number(response.headers.get("retry-after"));
      if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = retryAfter * 1000;
      if (response.status === 429) retryAfterMs = Math.max(retryAfterMs, policy.rateLimitWaitMs);
    } catch (error) {
      last = { status: undefined, detail: mask(`no answer: ${(error as Error).message}`) };
    }
    if (attempt === policy.maxAttempts) break;
    const wait = Math.max(backoffMs(attempt, policy), retryAfterMs);
    log(`    ${last.detail}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.maxAttempts})`);
    waitedMs += wait;
    await policy.sleep(wait);
  }
  return { verdict: "gave up", attempts: policy.maxAttempts, status: last.status, detail: last.detail, waitedMs };
}
