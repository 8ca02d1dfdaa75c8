import { checkOutboundUrl } from "./url-safety";
import { webhookHeaders } from "./signing";

export const DELIVERY_TIMEOUT_MS = 10_000;
/** At most this much of a receiver's answer is read; the rest is cancelled unread. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** What one attempt came to. `retry` false: no later attempt can succeed (a refused URL, 410 Gone, delivered). */
export type AttemptResult =
  | { outcome: "delivered"; status: number }
  | { outcome: "gone"; status: 410 }
  | { outcome: "refused"; error: string }
  | { outcome: "failed"; status: number | null; error: string };

export type Attempt = {
  url: string;
  secret: string;
  messageId: string;
  body: string;
  nowSeconds: number;
  /** The receiver's HTTP: the platform's fetch in the Worker, a recording fake in tests. */
  fetch: typeof fetch;
  allowLocalHttp?: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
};

/**
 * One signed POST of a webhook message to a subscription's URL: the URL checked again (public addresses only), no
 * redirect followed, a timeout, and at most `maxResponseBytes` of the answer read. 2xx is delivered, 410 gone, any
 * other answer (or none) failed and retried by the caller's Workflow step.
 */
export async function attemptDelivery(attempt: Attempt): Promise<AttemptResult> {
  const verdict = checkOutboundUrl(attempt.url, { allowLocalHttp: attempt.allowLocalHttp ?? false });
  if (!verdict.ok) return { outcome: "refused", error: verdict.reason };
  const headers = await webhookHeaders(attempt.secret, attempt.messageId, attempt.nowSeconds, attempt.body);
  const timeoutMs = attempt.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("timeout")), timeoutMs);
  try {
    const response = await attempt.fetch(verdict.url.toString(), {
      method: "POST",
      headers,
      body: attempt.body,
      redirect: "manual",
      signal: controller.signal,
    });
    await drain(response, attempt.maxResponseBytes ?? MAX_RESPONSE_BYTES);
    if (response.status >= 200 && response.status < 300) return { outcome: "delivered", status: response.status };
    if (response.status === 410) return { outcome: "gone", status: 410 };
    return { outcome: "failed", status: response.status, error: `The receiver answered ${response.status}` };
  } catch {
    const timedOut = controller.signal.aborted;
    return {
      outcome: "failed",
      status: null,
      error: timedOut ? `No answer within ${Math.round(timeoutMs / 1000)} s` : "The receiver could not be reached",
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Reads at most `limit` bytes of the answer and cancels the rest unread (the status is all that counts). */
async function drain(response: Response, limit: number): Promise<number> {
  if (!response.body) return 0;
  const reader = response.body.getReader();
  let read = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return read;
    read += chunk.value.byteLength;
    if (read >= limit) {
      await reader.cancel().catch(() => {});
      return read;
    }
  }
}
