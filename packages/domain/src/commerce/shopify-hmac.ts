// Shopify webhook signatures, as Shopify documents them: `X-Shopify-Hmac-Sha256` is the base64 (standard alphabet,
// padded) HMAC-SHA256 of the raw request body bytes, keyed with the app's client secret as UTF-8.
import { decodeBase64, encodeBase64 } from "@oslojs/encoding";
import { bytesEqual, hmacSha256 } from "./crypto";

export type ShopifyHmacFailure = "missing" | "malformed" | "mismatch";
export type ShopifyHmacResult = { ok: true } | { ok: false; reason: ShopifyHmacFailure };

export type VerifyShopifyHmacInput = {
  /** The `X-Shopify-Hmac-Sha256` header as received (null or undefined when absent). */
  header: string | null | undefined;
  /** The request body exactly as received, before any JSON parsing. */
  rawBody: string | Uint8Array;
  /** Every secret that may have signed (rotation: the new one is added before the old one is dropped). */
  secrets: readonly string[];
};

/**
 * Verifies a Shopify webhook delivery in constant time. `malformed` is a header that is not base64 of 32 bytes.
 * Throws only when `secrets` is empty or holds an empty string (configuration errors).
 */
export async function verifyShopifyHmac(input: VerifyShopifyHmacInput): Promise<ShopifyHmacResult> {
  if (input.secrets.length === 0) throw new Error("verifyShopifyHmac needs at least one secret");
  // An empty key would let anyone sign: a missing secret in configuration must fail loudly, not verify.
  if (input.secrets.some((secret) => secret.trim() === "")) throw new Error("verifyShopifyHmac got an empty secret");
  const header = input.header?.trim();
  if (!header) return { ok: false, reason: "missing" };
  if (!/^[A-Za-z0-9+/]{43}=$/.test(header)) return { ok: false, reason: "malformed" };
  let given: Uint8Array;
  try {
    given = decodeBase64(header);
  } catch {
    return { ok: false, reason: "malformed" };
  }
  let matched = false;
  for (const secret of input.secrets) {
    matched = bytesEqual(await hmacSha256(secret, input.rawBody), given) || matched;
  }
  return matched ? { ok: true } : { ok: false, reason: "mismatch" };
}

/** The `X-Shopify-Hmac-Sha256` value Shopify would send for `body`. For tests, the benchmark and e2e. */
export async function signShopifyPayload(secret: string, body: string | Uint8Array): Promise<string> {
  return encodeBase64(await hmacSha256(secret, body));
}
