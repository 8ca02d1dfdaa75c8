import { decodeBase64, encodeBase64urlNoPadding } from "@oslojs/encoding";

/**
 * Mux signed playback: a playback id created with the `signed` policy plays only with `?token=<JWT>`, an RS256 JWT
 * whose header names the signing key (`kid`) and whose claims are the playback id (`sub`), what it opens (`aud`:
 * "v" for video) and its expiry (`exp`, seconds). The workers app signs one for each viewer it has authorized (the
 * room's socket, the room page's timeline), short-lived, so a playback URL is no lasting key to the stream.
 */
export type MuxSigningKey = { keyId: string; privateKey: string };

/** How long a signed playback URL plays: longer than a room socket lives, so a connected page never holds a dead one. */
export const PLAYBACK_TOKEN_TTL_MS = 15 * 60 * 1000;

const text = new TextEncoder();
const MUX_PLAYBACK_URL = /^https:\/\/stream\.mux\.com\/([A-Za-z0-9]{1,128})\.m3u8$/;

/** DER length octets. */
function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}

const der = (tag: number, body: Uint8Array) => new Uint8Array([tag, ...derLength(body.length), ...body]);

/** A PKCS#1 RSAPrivateKey wrapped as PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key as an OCTET STRING). */
function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array {
  const version = [0x02, 0x01, 0x00];
  const rsaEncryption = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
  return der(0x30, new Uint8Array([...version, ...rsaEncryption, ...der(0x04, pkcs1)]));
}

/**
 * The PKCS#8 bytes of a Mux signing key as configured: the base64 text Mux returns (`private_key`, a base64-encoded
 * PEM), or the PEM itself; PKCS#1 ("RSA PRIVATE KEY", what Mux issues) or PKCS#8 ("PRIVATE KEY").
 */
export function muxPrivateKeyBytes(configured: string): Uint8Array<ArrayBuffer> {
  let pem = configured.trim();
  if (!pem.includes("-----BEGIN")) {
    try {
      pem = new TextDecoder().decode(decodeBase64(pem.replace(/\s+/g, "")));
    } catch {
      throw new Error("MUX_SIGNING_PRIVATE_KEY is neither a PEM key nor base64 of one");
    }
  }
  const match = /-----BEGIN (RSA )?PRIVATE KEY-----([\s\S]+?)-----END (RSA )?PRIVATE KEY-----/.exec(pem);
  if (!match?.[2]) throw new Error("MUX_SIGNING_PRIVATE_KEY is not an RSA private key in PEM form");
  const body = decodeBase64(match[2].replace(/\s+/g, ""));
  return new Uint8Array(match[1] ? pkcs1ToPkcs8(body) : body);
}

// Imported keys by configured text: importing RSA keys is slow, and one isolate signs for many viewers.
const imported = new Map<string, Promise<CryptoKey>>();

function signingKey(key: MuxSigningKey): Promise<CryptoKey> {
  let found = imported.get(key.privateKey);
  if (!found) {
    found = crypto.subtle.importKey("pkcs8", muxPrivateKeyBytes(key.privateKey), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, [
      "sign",
    ]);
    found.catch(() => imported.delete(key.privateKey));
    imported.set(key.privateKey, found);
  }
  return found;
}

/** A playback token for `playbackId`: RS256, `kid` the signing key id, `sub` the playback id, `aud` "v", `exp`. */
export async function muxPlaybackToken(key: MuxSigningKey, playbackId: string, nowMs: number, ttlMs = PLAYBACK_TOKEN_TTL_MS): Promise<string> {
  const part = (value: object) => encodeBase64urlNoPadding(text.encode(JSON.stringify(value)));
  const unsigned = `${part({ alg: "RS256", typ: "JWT", kid: key.keyId })}.${part({
    sub: playbackId,
    aud: "v",
    exp: Math.floor((nowMs + ttlMs) / 1000),
  })}`;
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", await signingKey(key), text.encode(unsigned));
  return `${unsigned}.${encodeBase64urlNoPadding(new Uint8Array(signature))}`;
}

/** A Mux playback URL (`https://stream.mux.com/<id>.m3u8`) with a fresh token; any other URL is returned as it is. */
export async function signMuxPlaybackUrl(key: MuxSigningKey, url: string, nowMs: number, ttlMs = PLAYBACK_TOKEN_TTL_MS): Promise<string> {
  const playbackId = MUX_PLAYBACK_URL.exec(url)?.[1];
  if (!playbackId) return url;
  return `${url}?token=${await muxPlaybackToken(key, playbackId, nowMs, ttlMs)}`;
}
