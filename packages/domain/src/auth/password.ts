import { decodeBase64, encodeBase64 } from "@oslojs/encoding";

// PBKDF2-SHA256 from Web Crypto; workerd caps iterations at 100,000. Verification compares with workerd's
// crypto.subtle.timingSafeEqual, so this module runs in workerd (not plain Node).
const ITERATIONS = 100_000;
const KEY_BITS = 256;
const SCHEME = "pbkdf2-sha256";

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    key,
    KEY_BITS,
  );
  return new Uint8Array(bits);
}

/** Returns `pbkdf2-sha256$<iterations>$<salt>$<hash>`, salt and hash in base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, ITERATIONS);
  return [SCHEME, ITERATIONS, encodeBase64(salt), encodeBase64(hash)].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hashText] = stored.split("$");
  if (scheme !== SCHEME || !iterationsText || !saltText || !hashText) return false;
  const iterations = Number(iterationsText);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > ITERATIONS) return false;
  let expected: Uint8Array;
  let salt: Uint8Array;
  try {
    expected = decodeBase64(hashText);
    salt = decodeBase64(saltText);
  } catch {
    return false;
  }
  const actual = await derive(password, salt, iterations);
  // timingSafeEqual throws on different lengths; the length of a stored hash is no secret.
  return expected.byteLength === actual.byteLength && workerdSubtle().timingSafeEqual(expected, actual);
}

/** workerd's SubtleCrypto carries `timingSafeEqual`; the DOM typings of `crypto` do not know it. */
const workerdSubtle = () =>
  crypto.subtle as SubtleCrypto & { timingSafeEqual(a: ArrayBufferView, b: ArrayBufferView): boolean };

/** Spent when the email is unknown, so a miss takes as long as a wrong password. */
export const DUMMY_PASSWORD_HASH =
  "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
