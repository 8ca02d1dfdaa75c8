// PBKDF2-SHA256 from Web Crypto: runs in workerd and Node alike. workerd refuses more than 100,000 iterations
// (deriveBits throws), so no count above that is ever hashed or trusted.
export const MAX_PBKDF2_ITERATIONS = 100_000;
/** What new hashes use; a stored hash with fewer iterations is rehashed at the next successful sign-in. */
export const PASSWORD_ITERATIONS = 100_000;
const KEY_BITS = 256;
const SCHEME = "pbkdf2-sha256";

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

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
  return [SCHEME, iterations, toBase64(salt), toBase64(hash)].join("$");
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
    return { iterations, salt: fromBase64(saltText), hash: fromBase64(hashText) };
  } catch {
    return null;
  }
}

/** False for a wrong password and for a stored value that is not a usable hash; never throws for either. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.iterations);
  return constantTimeEqual(parsed.hash, actual);
}

/** True when a (verified) stored hash uses fewer iterations than new hashes do. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return parsed !== null && parsed.iterations < PASSWORD_ITERATIONS;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Spent when the email is unknown, so a miss takes as long as a wrong password. */
export const DUMMY_PASSWORD_HASH =
  "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
