import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { signStripePayload, verifyStripeSignature } from "./stripe-signature";

// Runs in workerd (timingSafeEqual). Vectors come from the official `stripe` package; its worker build computes
// signatures with SubtleCrypto, so its async helpers are the ones that run here.
const SECRET = "whsec_test_5f3c1d2e9a8b7c6d5e4f3a2b1c0d9e8f";
const OTHER_SECRET = "whsec_test_other_000000000000000000000000";
const BODY = JSON.stringify({
  id: "evt_1QxTest",
  object: "event",
  type: "checkout.session.completed",
  data: { object: { id: "cs_test_a1", object: "checkout.session", amount_total: 2500, currency: "eur" } },
});
const T = 1_780_000_000;
const NOW = new Date(T * 1000);

const stripeHeader = (opts: { payload?: string; secret?: string; timestamp?: number; scheme?: string }) =>
  Stripe.webhooks.generateTestHeaderStringAsync({
    payload: opts.payload ?? BODY,
    secret: opts.secret ?? SECRET,
    timestamp: opts.timestamp ?? T,
    ...(opts.scheme ? { scheme: opts.scheme } : {}),
  });

const verify = (header: string | null | undefined, extra: Partial<Parameters<typeof verifyStripeSignature>[0]> = {}) =>
  verifyStripeSignature({ header, rawBody: BODY, secrets: [SECRET], now: NOW, ...extra });

describe("verifyStripeSignature against the stripe package", () => {
  it("accepts a header made by stripe.webhooks.generateTestHeaderString", async () => {
    expect(await verify(await stripeHeader({}))).toEqual({ ok: true, timestamp: T });
  });

  it("accepts the same body given as raw bytes", async () => {
    const header = await stripeHeader({});
    expect(await verify(header, { rawBody: new TextEncoder().encode(BODY) })).toEqual({ ok: true, timestamp: T });
  });

  it("signs headers that stripe.webhooks.constructEvent accepts, with the same signature Stripe computes", async () => {
    const ours = await signStripePayload(SECRET, BODY, T);
    expect(ours).toBe(await stripeHeader({}));
    const event = await Stripe.webhooks.constructEventAsync(BODY, ours, SECRET, 300, undefined, T * 1000);
    expect(event.id).toBe("evt_1QxTest");
    await expect(
      Stripe.webhooks.constructEventAsync(BODY, ours, OTHER_SECRET, 300, undefined, T * 1000),
    ).rejects.toThrow();
  });

  it("handles non-ASCII bodies byte for byte, as Stripe does", async () => {
    const body = JSON.stringify({ id: "evt_ü", name: "Café Zürich – 🎟️" });
    const header = await stripeHeader({ payload: body });
    expect(await verify(header, { rawBody: body })).toEqual({ ok: true, timestamp: T });
    expect(await signStripePayload(SECRET, body, T)).toBe(header);
  });
});

describe("verifyStripeSignature rejections", () => {
  it("missing header", async () => {
    for (const header of [null, undefined, "", "   "]) {
      expect(await verify(header)).toEqual({ ok: false, reason: "missing" });
    }
  });

  it("malformed headers", async () => {
    const good = await stripeHeader({});
    const sig = good.split("v1=")[1] ?? "";
    for (const header of [
      "garbage",
      `v1=${sig}`, // no timestamp
      `t=${T}`, // no v1
      `t=${T},v0=${sig}`, // only a scheme we ignore
      `t=abc,v1=${sig}`,
      `t=${T},t=${T},v1=${sig}`,
      `t=${T},v1=${sig.slice(0, 63)}`,
      `t=${T},v1=${sig}zz`,
      `t=-5,v1=${sig}`,
      `t=${T},,v1=${sig}`,
      `t=${T},v1=${sig}${",v1=".concat(sig).repeat(8)}`, // more signatures than we try
    ]) {
      expect(await verify(header), header).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("stale: older than the tolerance", async () => {
    const header = await stripeHeader({ timestamp: T - 301 });
    expect(await verify(header)).toEqual({ ok: false, reason: "stale" });
    expect(await verify(await stripeHeader({ timestamp: T - 300 }))).toEqual({ ok: true, timestamp: T - 300 });
    expect(await verify(header, { toleranceSeconds: 600 })).toEqual({ ok: true, timestamp: T - 301 });
  });

  it("stale: further in the future than the tolerance", async () => {
    expect(await verify(await stripeHeader({ timestamp: T + 301 }))).toEqual({ ok: false, reason: "stale" });
    expect(await verify(await stripeHeader({ timestamp: T + 299 }))).toEqual({ ok: true, timestamp: T + 299 });
  });

  it("wrong secret", async () => {
    expect(await verify(await stripeHeader({ secret: OTHER_SECRET }))).toEqual({ ok: false, reason: "mismatch" });
  });

  it("body changed by one byte", async () => {
    const header = await stripeHeader({});
    const tampered = BODY.replace("2500", "2501");
    expect(tampered.length).toBe(BODY.length);
    expect(await verify(header, { rawBody: tampered })).toEqual({ ok: false, reason: "mismatch" });
    const bytes = new TextEncoder().encode(BODY);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(await verify(header, { rawBody: bytes })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("a timestamp changed after signing is a mismatch, not a fresh delivery", async () => {
    const header = await stripeHeader({ timestamp: T - 3600 });
    const replayed = header.replace(`t=${T - 3600}`, `t=${T}`);
    expect(await verify(replayed)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("the v0 scheme alone does not pass", async () => {
    const v0 = await stripeHeader({ scheme: "v0" });
    expect(v0).toMatch(/^t=\d+,v0=/);
    expect(await verify(v0)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("rotation", () => {
  it("accepts a header with several v1 signatures when one of them is good (Stripe rolling its secret)", async () => {
    const good = (await stripeHeader({})).split("v1=")[1] ?? "";
    const bad = (await stripeHeader({ secret: OTHER_SECRET })).split("v1=")[1] ?? "";
    expect(await verify(`t=${T},v1=${bad},v1=${good},v0=${bad}`)).toEqual({ ok: true, timestamp: T });
    expect(await verify(`t=${T}, v1=${good}, v1=${bad}`)).toEqual({ ok: true, timestamp: T });
    expect(await verify(`t=${T},v1=${bad},v1=${bad}`)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("accepts any of our configured secrets", async () => {
    const header = await stripeHeader({ secret: OTHER_SECRET });
    expect(await verify(header, { secrets: [SECRET, OTHER_SECRET] })).toEqual({ ok: true, timestamp: T });
    expect(await verify(header, { secrets: [SECRET] })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses to run without a secret", async () => {
    await expect(verify(await stripeHeader({}), { secrets: [] })).rejects.toThrow(/at least one secret/);
    // A secret left unset (or blank) is a configuration error, never a key that anyone could sign with.
    for (const blank of ["", " "]) {
      await expect(verify(await stripeHeader({}), { secrets: [SECRET, blank] })).rejects.toThrow(/empty secret/);
    }
  });
});
