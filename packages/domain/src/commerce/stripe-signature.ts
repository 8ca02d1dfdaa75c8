// Stripe webhook signatures, as Stripe documents them: the `Stripe-Signature` header is a comma-separated list of
// `key=value` pairs; `t` is the Unix time of signing and each `v1` is hex HMAC-SHA256, keyed with the endpoint's
// signing secret (`whsec_…`, used as its UTF-8 bytes), over `${t}.${rawBody}`. Other schemes (`v0`) are ignored.
import { decodeHex, encodeHexLowerCase } from "@oslojs/encoding";
import { bytesEqual, concatBytes, hmacSha256, utf8 } from "./crypto";

/** Stripe's own libraries default to five minutes. */
export const STRIPE_DEFAULT_TOLERANCE_SECONDS = 300;

/** Headers longer than this, or with more `v1` values than this, are refused before any HMAC is computed. */
const MAX_HEADER_LENGTH = 4096;
const MAX_V1_SIGNATURES = 8;

export type StripeSignatureFailure = "missing" | "malformed" | "stale" | "mismatch";
export type StripeSignatureResult = { ok: true; timestamp: number } | { ok: false; reason: StripeSignatureFailure };

export type VerifyStripeSignatureInput = {
  /** The `Stripe-Signature` header as received (null or undefined when absent). */
  header: string | null | undefined;
  /** The request body exactly as received, before any JSON parsing. */
  rawBody: string | Uint8Array;
  /** Our endpoint secrets: every one is tried, so a new secret can be added before the old one is dropped. */
  secrets: readonly string[];
  /** The Worker's clock, passed in. */
  now: Date;
  /** Allowed distance between `t` and `now`, in seconds, in either direction. */
  toleranceSeconds?: number;
};

type ParsedHeader = { timestamp: number; signatures: Uint8Array[] };

/** Null for anything that is not one `t` and at least one well-formed `v1`. */
function parseHeader(header: string): ParsedHeader | null {
  if (header.length > MAX_HEADER_LENGTH) return null;
  let timestamp: number | null = null;
  const signatures: Uint8Array[] = [];
  for (const item of header.split(",")) {
    const eq = item.indexOf("=");
    if (eq <= 0) return null;
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === "t") {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === "v1") {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return null;
      signatures.push(decodeHex(value.toLowerCase()));
    }
  }
  if (timestamp === null || signatures.length === 0 || signatures.length > MAX_V1_SIGNATURES) return null;
  return { timestamp, signatures };
}

/**
 * Verifies a Stripe webhook delivery. The signature is checked first, so `stale` means "genuine but outside the
 * tolerance window" (a replay); `mismatch` means no `v1` matches any of `secrets`. Comparisons are constant-time.
 * Throws only when `secrets` is empty or holds an empty string (configuration errors, never an attacker's doing).
 */
export async function verifyStripeSignature(input: VerifyStripeSignatureInput): Promise<StripeSignatureResult> {
  if (input.secrets.length === 0) throw new Error("verifyStripeSignature needs at least one secret");
  // An empty key would let anyone sign: a missing secret in configuration must fail loudly, not verify.
  if (input.secrets.some((secret) => secret.trim() === "")) throw new Error("verifyStripeSignature got an empty secret");
  const header = input.header?.trim();
  if (!header) return { ok: false, reason: "missing" };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: "malformed" };

  const signedPayload = concatBytes(utf8(`${parsed.timestamp}.`), utf8(input.rawBody));
  let matched = false;
  for (const secret of input.secrets) {
    const expected = await hmacSha256(secret, signedPayload);
    // No early exit: the work done does not depend on which secret or which signature matched.
    for (const candidate of parsed.signatures) matched = bytesEqual(expected, candidate) || matched;
  }
  if (!matched) return { ok: false, reason: "mismatch" };

  const tolerance = input.toleranceSeconds ?? STRIPE_DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) return { ok: false, reason: "stale" };
  return { ok: true, timestamp: parsed.timestamp };
}

/**
 * A `Stripe-Signature` header value (`t=<t>,v1=<hex>`) for `body` signed at Unix time `t`: what Stripe would send.
 * For tests, the benchmark and e2e; production never signs.
 */
export async function signStripePayload(secret: string, body: string | Uint8Array, t: number): Promise<string> {
  if (!Number.isInteger(t) || t < 0) throw new RangeError("t must be a Unix time in whole seconds");
  const mac = await hmacSha256(secret, concatBytes(utf8(`${t}.`), utf8(body)));
  return `t=${t},v1=${encodeHexLowerCase(mac)}`;
}
