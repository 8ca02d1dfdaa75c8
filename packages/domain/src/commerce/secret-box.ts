// Per-account retailer secrets (Stripe signing secrets, Shopify client secrets, Eventbrite tokens) encrypted at rest
// with AES-256-GCM under a versioned key from a Worker secret.
//
//   COMMERCE_KEYS   "v1:<base64 of 32 bytes>,v2:<base64 of 32 bytes>"; the LAST entry is the current key. Rotate by
//                   appending a new version; keep old versions until every sealed value reports needsReseal() false.
//   sealed value    "v<N>.<iv>.<ciphertext>" with N the key version, a fresh random 12-byte IV, and the ciphertext
//                   with its 16-byte GCM tag; both base64url without padding.
//   context         { accountId, retailer } is bound as additional authenticated data: a sealed value copied to
//                   another account or retailer does not open.
import { decodeBase64, decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { utf8 } from "./crypto";

export type SecretBoxErrorCode = "config" | "unknown_version" | "malformed" | "undecryptable";

/** Every failure of this module. Messages name versions and positions, never key material or plaintext. */
export class SecretBoxError extends Error {
  readonly code: SecretBoxErrorCode;
  constructor(code: SecretBoxErrorCode, message: string) {
    super(message);
    this.name = "SecretBoxError";
    this.code = code;
  }
}

/** What a sealed secret is bound to. */
export type SecretContext = { accountId: string; retailer: string };

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_PLAINTEXT_CHARS = 4096;
const SEALED_PATTERN = /^v(\d{1,4})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

/**
 * The parsed COMMERCE_KEYS. Key bytes live in a private field, so the keyring prints and serializes (logs, JSON)
 * as its versions only.
 */
export class CommerceKeyring {
  readonly versions: readonly number[];
  readonly currentVersion: number;
  readonly #raw: Map<number, Uint8Array<ArrayBuffer>>;
  readonly #imported = new Map<number, Promise<CryptoKey>>();

  private constructor(raw: Map<number, Uint8Array<ArrayBuffer>>, current: number) {
    this.#raw = raw;
    this.versions = [...raw.keys()];
    this.currentVersion = current;
  }

  /** Parses `COMMERCE_KEYS`; throws SecretBoxError("config") with a message that never contains the key text. */
  static parse(config: string | undefined): CommerceKeyring {
    const entries = (config ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "");
    if (entries.length === 0) throw new SecretBoxError("config", "COMMERCE_KEYS is empty: expected v1:<base64 key>");
    const raw = new Map<number, Uint8Array<ArrayBuffer>>();
    let current = 0;
    entries.forEach((entry, index) => {
      const where = `COMMERCE_KEYS entry ${index + 1}`;
      const match = /^v(\d{1,4}):(.*)$/.exec(entry);
      if (!match) throw new SecretBoxError("config", `${where} is not of the form v<N>:<base64 key>`);
      const version = Number(match[1]);
      if (version < 1) throw new SecretBoxError("config", `${where}: key versions start at v1`);
      if (raw.has(version)) throw new SecretBoxError("config", `${where}: v${version} appears twice`);
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = Uint8Array.from(decodeBase64(match[2] ?? ""));
      } catch {
        throw new SecretBoxError("config", `${where} (v${version}): the key is not valid base64`);
      }
      if (bytes.byteLength !== KEY_BYTES) {
        throw new SecretBoxError("config", `${where} (v${version}): the key must be ${KEY_BYTES} bytes`);
      }
      raw.set(version, bytes);
      current = version;
    });
    return new CommerceKeyring(raw, current);
  }

  /** The AES-GCM key of a version, imported once; SecretBoxError("unknown_version") if it is not configured. */
  key(version: number): Promise<CryptoKey> {
    const bytes = this.#raw.get(version);
    if (!bytes) throw new SecretBoxError("unknown_version", `No key v${version} in COMMERCE_KEYS`);
    let key = this.#imported.get(version);
    if (!key) {
      key = crypto.subtle.importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
      this.#imported.set(version, key);
    }
    return key;
  }

  toJSON() {
    return { versions: this.versions, currentVersion: this.currentVersion };
  }
}

/** Parses `COMMERCE_KEYS` (see the top of this file). */
export const parseCommerceKeys = (config: string | undefined) => CommerceKeyring.parse(config);

function additionalData(context: SecretContext): Uint8Array<ArrayBuffer> {
  if (!context.accountId || !context.retailer) throw new SecretBoxError("malformed", "The secret's context is incomplete");
  // JSON keeps the two parts apart: ("a:b", "c") and ("a", "b:c") are different contexts.
  return utf8(JSON.stringify(["greenroom.commerce-secret", context.accountId, context.retailer]));
}

/** Encrypts `plaintext` under the current key, bound to `context`. Returns the sealed string to store. */
export async function sealSecret(keyring: CommerceKeyring, plaintext: string, context: SecretContext): Promise<string> {
  if (plaintext.length === 0 || plaintext.length > MAX_PLAINTEXT_CHARS) {
    throw new SecretBoxError("malformed", `A secret must be 1 to ${MAX_PLAINTEXT_CHARS} characters`);
  }
  const version = keyring.currentVersion;
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: additionalData(context) },
    await keyring.key(version),
    utf8(plaintext),
  );
  return `v${version}.${encodeBase64urlNoPadding(iv)}.${encodeBase64urlNoPadding(new Uint8Array(ciphertext))}`;
}

type SealedParts = { version: number; iv: Uint8Array<ArrayBuffer>; ciphertext: Uint8Array<ArrayBuffer> };

function parseSealed(sealed: string): SealedParts | null {
  const match = SEALED_PATTERN.exec(sealed);
  if (!match) return null;
  try {
    const iv = Uint8Array.from(decodeBase64urlIgnorePadding(match[2] ?? ""));
    const ciphertext = Uint8Array.from(decodeBase64urlIgnorePadding(match[3] ?? ""));
    if (iv.byteLength !== IV_BYTES || ciphertext.byteLength <= TAG_BYTES) return null;
    return { version: Number(match[1]), iv, ciphertext };
  } catch {
    return null;
  }
}

/**
 * Decrypts a sealed secret for `context`. Throws SecretBoxError: "malformed" (not a sealed string),
 * "unknown_version" (its key was removed from COMMERCE_KEYS) or "undecryptable" (tampered, or another context).
 */
export async function openSecret(keyring: CommerceKeyring, sealed: string, context: SecretContext): Promise<string> {
  const parts = parseSealed(sealed);
  if (!parts) throw new SecretBoxError("malformed", "Not a sealed secret");
  const key = await keyring.key(parts.version);
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: parts.iv, additionalData: additionalData(context) },
      key,
      parts.ciphertext,
    );
  } catch {
    throw new SecretBoxError("undecryptable", `The sealed secret (v${parts.version}) does not open for this account`);
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(plaintext);
}

/** True when `sealed` was not sealed with the current key (including a malformed value): open and seal it again. */
export function needsReseal(keyring: CommerceKeyring, sealed: string): boolean {
  return parseSealed(sealed)?.version !== keyring.currentVersion;
}
