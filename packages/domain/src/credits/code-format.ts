import { encodeHexLowerCase } from "@oslojs/encoding";

// Redemption codes people type from a card or a mail: 12 characters of an alphabet without look-alikes (no 0/O,
// 1/I/L, no U) and a check character (Luhn mod 30), shown in groups: "K7M2-QX9P-4HTR-W". A typo is caught before any
// lookup; case, spaces and dashes do not matter. Each code is derived from its batch id and position under a key the
// Workers derive from AUTH_SECRET, so the batch's CSV can be made again; the database keeps only a keyed hash.

export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const N = CODE_ALPHABET.length;
const BODY = 12;

/** The check character of `body` (Luhn mod N): catches every single wrong character and most swaps of neighbours. */
export function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * CODE_ALPHABET.indexOf(body[i] ?? "");
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return CODE_ALPHABET[(N - (sum % N)) % N] ?? "";
}

export const formatCode = (normalized: string) => `${normalized.slice(0, 4)}-${normalized.slice(4, 8)}-${normalized.slice(8, 12)}-${normalized.slice(12)}`;

/** The last characters the ledger and the pages may show of a code (never the whole code). */
export const codeHint = (normalized: string) => `…${normalized.slice(-5, -1)}`;

export type ParsedCode = { ok: true; normalized: string } | { ok: false; message: string };

/** What a person typed, as the code's canonical form, or why it cannot be a code. */
export function parseCode(typed: string): ParsedCode {
  const normalized = typed.toUpperCase().replace(/[\s-]/g, "");
  if (normalized.length !== BODY + 1) return { ok: false, message: "A code has 13 letters and digits, like K7M2-QX9P-4HTR-W." };
  if ([...normalized].some((c) => !CODE_ALPHABET.includes(c))) {
    return { ok: false, message: "Codes use no 0, 1, I, L, O or U. Check the code and try again." };
  }
  if (checkCharacter(normalized.slice(0, BODY)) !== normalized.slice(BODY)) {
    return { ok: false, message: "This code has a typo. Check each character and try again." };
  }
  return { ok: true, normalized };
}

const keys = new Map<string, Promise<CryptoKey>>();

function derivedKey(workerSecret: string, label: string): Promise<CryptoKey> {
  const id = `${label}\u0000${workerSecret}`;
  let key = keys.get(id);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(workerSecret), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new TextEncoder().encode(label) },
        base,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign"],
      );
    })();
    keys.set(id, key);
  }
  return key;
}

async function hmac(key: CryptoKey, text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text)));
}

/** The code at `position` of batch `batchId` (normalized: 13 characters, no dashes). */
export async function deriveCode(workerSecret: string, batchId: string, position: number): Promise<string> {
  const bytes = await hmac(await derivedKey(workerSecret, "greenroom credit code v1"), `${batchId}:${position}`);
  let value = 0n;
  for (const byte of bytes.slice(0, 16)) value = (value << 8n) | BigInt(byte);
  let body = "";
  for (let i = 0; i < BODY; i++) {
    body += CODE_ALPHABET[Number(value % BigInt(N))];
    value /= BigInt(N);
  }
  return body + checkCharacter(body);
}

/** What the database keeps of a code: HMAC-SHA256 of its normalized form under a key of its own, in hex. */
export async function codeHash(workerSecret: string, normalized: string): Promise<string> {
  return encodeHexLowerCase(await hmac(await derivedKey(workerSecret, "greenroom credit code hash v1"), normalized));
}
