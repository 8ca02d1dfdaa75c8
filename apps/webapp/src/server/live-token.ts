import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

/**
 * The short-lived token that lets a viewer open a room's live WebSocket. The room and stage pages, already
 * authorized (room.enter, stage.view), render one; the webapp's Worker entry checks it before forwarding the upgrade.
 * It is an HMAC-SHA256 over (room id, user id, session version, issue time, expiry) under a key derived from
 * AUTH_SECRET with HKDF, so a token for one room opens no other and its claims cannot be changed. The workers app
 * compares the session version with the user's (sign out everywhere, disabling) and the issue time with the moment
 * the user's access to the room ended; the room closes the socket when the token expires.
 */

/**
 * How long a rendered token opens the room, and so how long a socket lives: the room closes it at the token's
 * expiry and the page reconnects with a fresh one, which a re-render gives only to a viewer still authorized.
 * This bounds how long access outlives a revocation whose fan-out was lost (at most 10 minutes, the room's limit).
 */
export const LIVE_TOKEN_TTL_MS = 5 * 60 * 1000;
const VERSION = "v2";
const encoder = new TextEncoder();

const keyFor = async (secret: string) => {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode("greenroom"), info: encoder.encode("live-room-token v1") },
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign", "verify"],
  );
};

/** What a checked token says: whose it is, the session version it was issued under, when it was issued and expires. */
export type LiveClaims = { userId: string; sessionVersion: number; issuedAtMs: number; expiresAtMs: number };

const signedText = (roomId: string, c: LiveClaims) =>
  encoder.encode(`greenroom-live ${VERSION}\n${roomId}\n${c.userId}\n${c.sessionVersion}\n${c.issuedAtMs}\n${c.expiresAtMs}`);

/** Signs a token for `roomId`. `nowMs` is the issue time: pass the time from before the page's authorization read. */
export async function signLiveToken(input: {
  secret: string;
  roomId: string;
  userId: string;
  sessionVersion: number;
  nowMs: number;
  ttlMs?: number;
}): Promise<{ token: string; expiresAtMs: number }> {
  const claims: LiveClaims = {
    userId: input.userId,
    sessionVersion: input.sessionVersion,
    issuedAtMs: input.nowMs,
    expiresAtMs: input.nowMs + (input.ttlMs ?? LIVE_TOKEN_TTL_MS),
  };
  const mac = await crypto.subtle.sign("HMAC", await keyFor(input.secret), signedText(input.roomId, claims));
  const token = [
    VERSION,
    claims.userId,
    String(claims.sessionVersion),
    String(claims.issuedAtMs),
    String(claims.expiresAtMs),
    encodeBase64urlNoPadding(new Uint8Array(mac)),
  ].join(".");
  return { token, expiresAtMs: claims.expiresAtMs };
}

export type LiveTokenCheck =
  | ({ ok: true } & LiveClaims)
  | { ok: false; reason: "missing" | "malformed" | "bad_signature" | "expired" };

const WHOLE = /^\d{1,15}$/;

/** Checks a token for `roomId`: the signature first (Web Crypto's HMAC verify compares in constant time), then expiry. */
export async function verifyLiveToken(input: {
  secret: string;
  roomId: string;
  token: string | null | undefined;
  nowMs: number;
}): Promise<LiveTokenCheck> {
  if (!input.token) return { ok: false, reason: "missing" };
  const parts = input.token.split(".");
  const [version, userId, sessionVersion, issued, expiry, mac] = parts;
  if (
    parts.length !== 6 ||
    version !== VERSION ||
    !userId ||
    !mac ||
    ![sessionVersion, issued, expiry].every((n) => n !== undefined && WHOLE.test(n))
  ) {
    return { ok: false, reason: "malformed" };
  }
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = new Uint8Array(decodeBase64urlIgnorePadding(mac));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const claims: LiveClaims = { userId, sessionVersion: Number(sessionVersion), issuedAtMs: Number(issued), expiresAtMs: Number(expiry) };
  const valid = await crypto.subtle.verify("HMAC", await keyFor(input.secret), signature, signedText(input.roomId, claims));
  if (!valid) return { ok: false, reason: "bad_signature" };
  if (claims.expiresAtMs <= input.nowMs) return { ok: false, reason: "expired" };
  return { ok: true, ...claims };
}
