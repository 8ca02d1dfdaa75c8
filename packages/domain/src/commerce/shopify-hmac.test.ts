import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signShopifyPayload, verifyShopifyHmac } from "./shopify-hmac";

// Runs in workerd (timingSafeEqual). The expected digests are computed independently with node:crypto, the way
// Shopify's documentation computes them: HMAC-SHA256 over the raw body bytes, digest in base64.
const SECRET = "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";
const OTHER = "shpss_ffffffffffffffffffffffffffffffff";
const BODY = '{"id":820982911946154508,"email":"jon@example.com","line_items":[{"sku":"GR-VIP","quantity":2}]}';

const nodeDigest = (secret: string, body: string | Uint8Array) =>
  createHmac("sha256", secret).update(body).digest("base64");

const verify = (header: string | null | undefined, rawBody: string | Uint8Array = BODY, secrets = [SECRET]) =>
  verifyShopifyHmac({ header, rawBody, secrets });

describe("verifyShopifyHmac", () => {
  it("accepts the base64 HMAC-SHA256 of the raw body computed by node:crypto", async () => {
    const header = nodeDigest(SECRET, BODY);
    expect(header).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(await verify(header)).toEqual({ ok: true });
    expect(await verify(header, new TextEncoder().encode(BODY))).toEqual({ ok: true });
  });

  it("signs exactly what node:crypto computes, for ASCII and multibyte bodies", async () => {
    expect(await signShopifyPayload(SECRET, BODY)).toBe(nodeDigest(SECRET, BODY));
    const body = '{"title":"Konferenz – Tagesticket für Zürich 🎫"}';
    expect(await signShopifyPayload(SECRET, body)).toBe(nodeDigest(SECRET, Buffer.from(body, "utf8")));
    expect(await verify(nodeDigest(SECRET, body), body)).toEqual({ ok: true });
  });

  it("verifies the raw bytes, not a re-serialized JSON (whitespace matters)", async () => {
    const header = nodeDigest(SECRET, BODY);
    expect(await verify(header, JSON.stringify(JSON.parse(BODY), null, 1))).toEqual({ ok: false, reason: "mismatch" });
  });

  it("rejects a missing header", async () => {
    for (const header of [null, undefined, "", "  "]) expect(await verify(header)).toEqual({ ok: false, reason: "missing" });
  });

  it("rejects malformed headers", async () => {
    const good = nodeDigest(SECRET, BODY);
    for (const header of [
      "not base64!",
      good.slice(0, -1), // padding gone
      good.replace(/=$/, "A"),
      Buffer.from(good, "base64").toString("hex"), // hex instead of base64
      Buffer.from(good, "base64").toString("base64url"),
      `${good}${good}`,
    ]) {
      expect(await verify(header), header).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("rejects a wrong secret and a body changed by one byte", async () => {
    expect(await verify(nodeDigest(OTHER, BODY))).toEqual({ ok: false, reason: "mismatch" });
    expect(await verify(nodeDigest(SECRET, BODY), BODY.replace("GR-VIP", "GR-VIQ"))).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("accepts any of several secrets (rotation) and refuses to run without one", async () => {
    expect(await verify(nodeDigest(OTHER, BODY), BODY, [SECRET, OTHER])).toEqual({ ok: true });
    await expect(verify(nodeDigest(SECRET, BODY), BODY, [])).rejects.toThrow(/at least one secret/);
    await expect(verify(nodeDigest("", BODY), BODY, [" "])).rejects.toThrow(/empty secret/);
  });
});
