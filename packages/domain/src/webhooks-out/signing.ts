import { decodeBase64, encodeBase64 } from "@oslojs/encoding";

/**
 * Standard Webhooks signing. A secret is `whsec_` + base64 of 32 random bytes; the signature of a message is
 * `v1,` + base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")), the key being the secret's bytes.
 */
export const SECRET_PREFIX = "whsec_";

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${encodeBase64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

export async function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): Promise<string> {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error("Not a webhook signing secret");
  const key = await crypto.subtle.importKey(
    "raw",
    Uint8Array.from(decodeBase64(secret.slice(SECRET_PREFIX.length))),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`));
  return `v1,${encodeBase64(new Uint8Array(mac))}`;
}

/** The three headers of one attempt (the same `webhook-id` on every retry; a fresh timestamp and signature). */
export async function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string): Promise<Record<string, string>> {
  return {
    "content-type": "application/json",
    "user-agent": "Greenroom-Webhooks/1",
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": await signWebhook(secret, id, timestampSeconds, body),
  };
}
