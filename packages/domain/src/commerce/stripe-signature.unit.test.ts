import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { signStripePayload } from "./stripe-signature";

// In Node, with the stripe package's Node build and its synchronous helpers. Verification itself needs workerd
// (timingSafeEqual) and is tested in stripe-signature.test.ts; signing needs only Web Crypto.
const SECRET = "whsec_node_1a2b3c4d5e6f7a8b9c0d";
const BODY = '{"id":"evt_node_1","object":"event","type":"charge.refunded"}';
const T = 1_780_000_000;

describe("signStripePayload against stripe's Node build", () => {
  it("produces exactly stripe.webhooks.generateTestHeaderString's header", async () => {
    const theirs = Stripe.webhooks.generateTestHeaderString({ payload: BODY, secret: SECRET, timestamp: T });
    expect(await signStripePayload(SECRET, BODY, T)).toBe(theirs);
  });

  it("is accepted by stripe.webhooks.constructEvent, which also enforces the tolerance on it", async () => {
    const header = await signStripePayload(SECRET, BODY, T);
    expect(Stripe.webhooks.constructEvent(BODY, header, SECRET, 300, undefined, T * 1000).id).toBe("evt_node_1");
    expect(() => Stripe.webhooks.constructEvent(BODY, header, SECRET, 300, undefined, (T + 301) * 1000)).toThrow(
      /tolerance/,
    );
    expect(() => Stripe.webhooks.constructEvent(`${BODY} `, header, SECRET, 300, undefined, T * 1000)).toThrow();
  });

  it("refuses a timestamp that is not whole Unix seconds", async () => {
    await expect(signStripePayload(SECRET, BODY, 1.5)).rejects.toThrow(RangeError);
    await expect(signStripePayload(SECRET, BODY, -1)).rejects.toThrow(RangeError);
  });
});
