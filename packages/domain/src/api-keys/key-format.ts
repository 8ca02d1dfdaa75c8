import { encodeHexLowerCase } from "@oslojs/encoding";

/**
 * An API key's secret: `grk_`, 32 random base62 characters (about 190 bits) and a 6-character base62 CRC-32 of them.
 * The prefix lets secret scanners find a leaked key; the checksum refuses a mistyped key without a database read.
 */
export const API_KEY_PREFIX = "grk_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY = 32;
const CHECK = 6;
export const API_KEY_PATTERN = /^grk_[0-9A-Za-z]{38}$/;

function base62(value: number, width: number): string {
  let out = "";
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A fresh secret. Rejection sampling keeps every base62 character equally likely. */
export function mintApiKeySecret(): string {
  let body = "";
  while (body.length < BODY) {
    for (const byte of crypto.getRandomValues(new Uint8Array(48))) {
      if (byte < 248 && body.length < BODY) body += ALPHABET[byte % 62];
    }
  }
  return `${API_KEY_PREFIX}${body}${base62(crc32(body), CHECK)}`;
}

/** Well formed, with a checksum that matches: anything else is refused before the database is asked. */
export function apiKeyLooksValid(secret: string): boolean {
  if (!API_KEY_PATTERN.test(secret)) return false;
  const body = secret.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + BODY);
  return secret.slice(-CHECK) === base62(crc32(body), CHECK);
}

/** What the key list shows: the prefix and first characters, and the last four. */
export const apiKeyDisplay = (secret: string) => `${secret.slice(0, 8)}…${secret.slice(-4)}`;

const keyCache = new Map<string, Promise<CryptoKey>>();

/**
 * The HMAC key for API key hashes, derived from the Worker's AUTH_SECRET with HKDF and its own label, so it is
 * never the key that signs anything else. A database leak alone does not let anyone test guesses.
 */
function hashKey(workerSecret: string): Promise<CryptoKey> {
  let key = keyCache.get(workerSecret);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(workerSecret), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new TextEncoder().encode("greenroom api key hash v1") },
        base,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign"],
      );
    })();
    keyCache.set(workerSecret, key);
  }
  return key;
}

/** The stored form of a secret: HMAC-SHA256 under the derived key, in hex. */
export async function hashApiKeySecret(workerSecret: string, secret: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hashKey(workerSecret), new TextEncoder().encode(secret));
  return encodeHexLowerCase(new Uint8Array(mac));
}
