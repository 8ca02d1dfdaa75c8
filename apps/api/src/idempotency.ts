import { claimIdempotencyKey, settleIdempotencyKey } from "@greenroom/domain/api-keys";
import { problem } from "@greenroom/domain/http";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "./context";

/** The header's syntax: 1 to 255 visible ASCII characters. */
const KEY_SYNTAX = /^[\x21-\x7e]{1,255}$/;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * `Idempotency-Key` on any POST: the first request with a key runs, and every later one with the same key and the
 * same request gets the same answer for 24 hours (`Idempotent-Replayed: true`), however many arrive at once. The
 * same key with another body or path is a 422; a request still running is a 409 with Retry-After.
 */
export const idempotent: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (c.req.method !== "POST") return next();
  const idempotencyKey = c.req.header("idempotency-key");
  if (idempotencyKey === undefined) return next();
  if (!KEY_SYNTAX.test(idempotencyKey)) {
    return problem(400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 visible ASCII characters.");
  }
  const ctx = c.get("ctx");
  const keyId = c.get("caller").key.id;
  const fingerprint = await sha256Hex(`${c.req.method} ${new URL(c.req.url).pathname}\n${await c.req.text()}`);
  const claim = await claimIdempotencyKey(ctx, keyId, idempotencyKey, fingerprint);
  if (claim.kind === "mismatch") {
    return problem(422, "idempotency_key_reused", "This Idempotency-Key was used for another request; use a new key.");
  }
  if (claim.kind === "in_progress") {
    return problem(409, "idempotency_in_progress", "A request with this Idempotency-Key is still running; retry shortly.", {}, {
      headers: { "retry-after": "1" },
    });
  }
  if (claim.kind === "replay") {
    const headers: Record<string, string> = { "content-type": "application/json", "idempotent-replayed": "true" };
    if (claim.answer.location) headers.location = claim.answer.location;
    return new Response(claim.answer.body, { status: claim.answer.status, headers });
  }
  try {
    await next();
  } catch (error) {
    await settleIdempotencyKey(ctx, keyId, idempotencyKey, { status: 500, body: "", location: null });
    throw error;
  }
  const response = c.res;
  const body = await response.clone().text();
  await settleIdempotencyKey(ctx, keyId, idempotencyKey, { status: response.status, body, location: response.headers.get("location") });
};
