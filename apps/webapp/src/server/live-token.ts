import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

/**
 * The short-lived token that lets a viewer open a room's live WebSocket. The room and stage pages, already
 * authorized (room.enter, stage.view), render one; the webapp's Worker entry checks it before forwarding the upgrade.
 * It is an HMAC-SHA256 over (room id, user id, expiry) under a key derived from AUTH_SECRET with HKDF, so a
 * token for one room opens no other, and it never needs a database read.
 */

/** How long a rendered token opens the room; the page is re-rendered for a fresh one when it runs out. */
export const LIVE_TOKEN_TTL_MS = 10 * 60 * 1000;
const VERSION = "v1";
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

const signedText = (roomId: string, userId: string, expiresAtMs: number) =>
  encoder.encode(`greenroom-live\n${roomId}\n${userId}\n${expiresAtMs}`);

export async function signLiveToken(input: {
  secret: string;
  roomId: string;
  userId: string;
  nowMs: number;
  ttlMs?: number;
}): Promise<{ token: string; expiresAtMs: number }> {
  const expiresAtMs = input.nowMs + (input.ttlMs ?? LIVE_TOKEN_TTL_MS);
  const mac = await crypto.subtle.sign("HMAC", await keyFor(input.secret), signedText(input.roomId, input.userId, expiresAtMs));
  const token = [VERSION, input.userId, String(expiresAtMs), encodeBase64urlNoPadding(new Uint8Array(mac))].join(".");
  return { token, expiresAtMs };
}

export type LiveTokenCheck = { ok: true; userId: string } | { ok: false; reason: "missing" | "malformed" | "bad_signature" | "expired" };

/** Checks a token for `roomId`: the signature first (Web Crypto's HMAC verify compares in constant time), then expiry. */
export async function verifyLiveToken(input: {
  secret: string;
  roomId: string;
  token: string | null | undefined;
  nowMs: number;
}): Promise<LiveTokenCheck> {
  if (!input.token) return { ok: false, reason: "missing" };
  const parts = input.token.split(".");
  const [version, userId, expiry, mac] = parts;
  if (parts.length !== 4 || version !== VERSION || !userId || !expiry || !/^\d{1,15}$/.test(expiry) || !mac) {
    return { ok: false, reason: "malformed" };
  }
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = new Uint8Array(decodeBase64urlIgnorePadding(mac));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const expiresAtMs = Number(expiry);
  const valid = await crypto.subtle.verify("HMAC", await keyFor(input.secret), signature, signedText(input.roomId, userId, expiresAtMs));
  if (!valid) return { ok: false, reason: "bad_signature" };
  if (expiresAtMs <= input.nowMs) return { ok: false, reason: "expired" };
  return { ok: true, userId };
}
