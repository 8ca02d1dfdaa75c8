// Small Web Crypto helpers shared by the commerce modules. They run in workerd: `timingSafeEqual` is a workerd
// extension of SubtleCrypto (decision 0006), so the tests that reach it run in the workerd test project.

const encoder = new TextEncoder();

/** UTF-8 bytes of a string, or a copy of the bytes (Web Crypto wants an ArrayBuffer-backed view). */
export function utf8(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return typeof data === "string" ? encoder.encode(data) : Uint8Array.from(data);
}

/** The concatenation of byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** HMAC-SHA256 of `data` under `key` (a string key is taken as its UTF-8 bytes, as Stripe and Shopify do). */
export async function hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await crypto.subtle.importKey("raw", utf8(key), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, utf8(data)));
}

/**
 * Constant-time equality of two byte strings. Different lengths answer false at once: every caller compares
 * fixed-length MACs, so the length is no secret (workerd's timingSafeEqual throws on a length mismatch). workerd's
 * SubtleCrypto carries `timingSafeEqual` (decision 0006); the DOM typings of `crypto` do not know it.
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const subtle = crypto.subtle as SubtleCrypto & { timingSafeEqual?(a: ArrayBufferView, b: ArrayBufferView): boolean };
  if (subtle.timingSafeEqual) return subtle.timingSafeEqual(a, b);
  // Node (the webapp under `next dev`) has no timingSafeEqual on Web Crypto: every byte is compared all the same.
  let difference = 0;
  for (let i = 0; i < a.byteLength; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
