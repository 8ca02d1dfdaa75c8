import { decodeBase64urlIgnorePadding, encodeBase64 } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import { muxPlaybackToken, PLAYBACK_TOKEN_TTL_MS, signMuxPlaybackUrl } from "./mux-signing";

const NOW_MS = 1_800_000_000_000;
const decodeJson = (part: string) => JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(part)));

const pem = (label: string, der: Uint8Array) => `-----BEGIN ${label}-----\n${encodeBase64(der).replace(/.{64}/g, "$&\n")}\n-----END ${label}-----\n`;

/** A fresh RSA key pair: the private key as Mux hands it out (base64 of a PKCS#1 PEM) and as a PKCS#8 PEM. */
async function keyPair() {
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  // PKCS#8 for RSA: SEQUENCE(4) version(3) rsaEncryption(15) OCTET STRING(4) holding the PKCS#1 key.
  expect(pkcs8[22]).toBe(0x04);
  const pkcs1 = pkcs8.slice(26);
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
  return { muxStyle: encodeBase64(new TextEncoder().encode(pem("RSA PRIVATE KEY", pkcs1))), pkcs8: pem("PRIVATE KEY", pkcs8), spki };
}

async function verifiesWith(spki: Uint8Array<ArrayBuffer>, token: string): Promise<boolean> {
  const [header, payload, signature] = token.split(".");
  const key = await crypto.subtle.importKey("spki", spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
  return crypto.subtle.verify(
    "RSASSA-PKCS1-v1_5",
    key,
    new Uint8Array(decodeBase64urlIgnorePadding(signature ?? "")),
    new TextEncoder().encode(`${header}.${payload}`),
  );
}

describe("Mux signed playback", async () => {
  const pair = await keyPair();

  it("Mux playback URLs carry a signed token that verifies with the public key and expires", async () => {
    const key = { keyId: "sk_test_1", privateKey: pair.muxStyle };
    const url = await signMuxPlaybackUrl(key, "https://stream.mux.com/pb1.m3u8", NOW_MS);
    const [base, query] = url.split("?");
    expect(base).toBe("https://stream.mux.com/pb1.m3u8");
    const token = new URLSearchParams(query).get("token") ?? "";
    const [header, payload] = token.split(".");
    expect(decodeJson(header ?? "")).toEqual({ alg: "RS256", typ: "JWT", kid: "sk_test_1" });
    expect(decodeJson(payload ?? "")).toEqual({ sub: "pb1", aud: "v", exp: (NOW_MS + PLAYBACK_TOKEN_TTL_MS) / 1000 });
    expect(PLAYBACK_TOKEN_TTL_MS).toBeLessThanOrEqual(30 * 60 * 1000);
    expect(await verifiesWith(pair.spki, token)).toBe(true);
    // Another key pair's public key does not verify it, and a changed claim breaks the signature.
    expect(await verifiesWith((await keyPair()).spki, token)).toBe(false);
    const claims = new TextEncoder().encode(JSON.stringify({ sub: "pb2", aud: "v", exp: 9e9 }));
    const forged = `${header}.${encodeBase64(claims).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.${token.split(".")[2]}`;
    expect(await verifiesWith(pair.spki, forged)).toBe(false);
  });

  it("signs with a PKCS#8 PEM key as well, with the lifetime asked for", async () => {
    const token = await muxPlaybackToken({ keyId: "k2", privateKey: pair.pkcs8 }, "pb9", NOW_MS, 60_000);
    expect(decodeJson(token.split(".")[1] ?? "")).toEqual({ sub: "pb9", aud: "v", exp: (NOW_MS + 60_000) / 1000 });
    expect(await verifiesWith(pair.spki, token)).toBe(true);
  });

  it("leaves URLs that are not Mux playback URLs as they are, and refuses a key that is not one", async () => {
    const key = { keyId: "k", privateKey: pair.muxStyle };
    expect(await signMuxPlaybackUrl(key, "/media/stage-sample.webm", NOW_MS)).toBe("/media/stage-sample.webm");
    expect(await signMuxPlaybackUrl(key, "https://stream.mux.com/pb1.m3u8?token=old", NOW_MS)).toBe("https://stream.mux.com/pb1.m3u8?token=old");
    await expect(muxPlaybackToken({ keyId: "k", privateKey: "not a key" }, "pb1", NOW_MS)).rejects.toThrow(/MUX_SIGNING_PRIVATE_KEY/);
  });
});
