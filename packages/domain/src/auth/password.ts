import { decodeBase64, encodeBase64 } from "@oslojs/encoding";
import { bytesEqual } from "../commerce/crypto";

// PBKDF2-SHA256 from Web Crypto. workerd refuses more than 100,000 iterations (deriveBits throws), so no count
// above that is ever hashed or trusted. Verification compares with workerd's crypto.subtle.timingSafeEqual, so
// this module runs in workerd (not plain Node).
export const MAX_PBKDF2_ITERATIONS = 100_000;
/** What new hashes use; a stored hash with fewer iterations is rehashed at the next successful sign-in. */
export const PASSWORD_ITERATIONS = 100_000;
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

const usableIterations = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_PBKDF2_ITERATIONS;

/**
 * Returns `pbkdf2-sha256$<iterations>$<salt>$<hash>`, salt and hash in base64. A count outside 1..100,000 is a
 * programming error and throws a RangeError before any hashing (workerd would otherwise fail deep in deriveBits).
 */
export async function hashPassword(password: string, iterations: number = PASSWORD_ITERATIONS): Promise<string> {
  if (!usableIterations(iterations)) {
    throw new RangeError(`PBKDF2 iterations must be between 1 and ${MAX_PBKDF2_ITERATIONS}`);
  }
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return [SCHEME, iterations, encodeBase64(salt), encodeBase64(hash)].join("$");
}

type ParsedHash = { iterations: number; salt: Uint8Array; hash: Uint8Array };

/** Null for anything that is not a hash we can check: unknown scheme, bad base64, or an unusable count. */
function parseHash(stored: string): ParsedHash | null {
  const [scheme, iterationsText, saltText, hashText, ...rest] = stored.split("$");
  if (scheme !== SCHEME || !iterationsText || !saltText || !hashText || rest.length > 0) return null;
  if (!/^\d{1,7}$/.test(iterationsText)) return null;
  const iterations = Number(iterationsText);
  if (!usableIterations(iterations)) return null;
  try {
    return { iterations, salt: decodeBase64(saltText), hash: decodeBase64(hashText) };
  } catch {
    return null;
  }
}

/** False for a wrong password and for a stored value that is not a usable hash; never throws for either. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.iterations);
  // Constant time; the length of a stored hash is no secret.
  return bytesEqual(parsed.hash, actual);
}

/** True when a (verified) stored hash uses fewer iterations than new hashes do. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return parsed !== null && parsed.iterations < PASSWORD_ITERATIONS;
}

/** Spent when the email is unknown, so a miss takes as long as a wrong password. */
export const DUMMY_PASSWORD_HASH =
  "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
