import { auditLog, mailOutbox, orders, retailerConnections, tickets, webhookDeliveries } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { makeSkuMapping, makeTicketType } from "../../test/commerce-factories";
import { makeEventWithRooms, makeOrganizer, testCtx } from "../../test/factories";
import eventbriteOrder from "../commerce/fixtures/eventbrite-order.json";
import { signShopifyPayload } from "../commerce/shopify-hmac";
import { signStripePayload } from "../commerce/stripe-signature";
import { saveRetailerConnection } from "../orders";
import { type WebhookEnv, WEBHOOK_MAX_BYTES, handleWebhook } from ".";

const keyBytes = crypto.getRandomValues(new Uint8Array(32));
const commerceKeys = `v1:${btoa(String.fromCharCode(...keyBytes))}`;
const STRIPE_SECRET = "whsec_test_0123456789abcdef";
const SHOPIFY_SECRET = "shpss_test_secret_0123456789";
const db = () => testCtx().db;
const API = "https://eventbrite.test";

function env(overrides: Partial<WebhookEnv> = {}): WebhookEnv {
  return { ctx: testCtx(), commerceKeys, eventbriteApiBase: API, fetch: () => Promise.reject(new Error("no network in tests")), ...overrides };
}

async function connected() {
  const world = await makeEventWithRooms();
  const pass = await makeTicketType(world.event, [world.main.id], "Day pass");
  await makeSkuMapping(world.event, "stripe", "sku-day", pass.id);
  await makeSkuMapping(world.event, "shopify", "GR-DAY", pass.id);
  await makeSkuMapping(world.event, "eventbrite", "eb-class-1", pass.id);
  for (const [retailer, secret] of [["stripe", STRIPE_SECRET], ["shopify", SHOPIFY_SECRET]] as const) {
    await saveRetailerConnection({ ctx: world.owner.ctx, input: { eventId: world.event.id, retailer, secret }, commerceKeys });
  }
  await saveRetailerConnection({ ctx: world.owner.ctx, input: { eventId: world.event.id, retailer: "eventbrite", apiToken: "eb-private-token" }, commerceKeys });
  return { ...world, pass };
}

const stripeSession = (email: string, pi: string, type = "checkout.session.completed") =>
  JSON.stringify({
    id: `evt_${createId()}`,
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `cs_${createId()}`,
        payment_intent: pi,
        payment_status: "paid",
        amount_total: 2500,
        currency: "eur",
        customer_details: { email, name: "Sam Buyer" },
        metadata: { greenroom_sku: "sku-day", greenroom_quantity: "1" },
      },
    },
  });

async function stripePost(eventId: string, body: string, opts: { at?: number; secret?: string; headers?: Record<string, string> } = {}) {
  const at = opts.at ?? Math.floor(Date.now() / 1000);
  const signature = await signStripePayload(opts.secret ?? STRIPE_SECRET, body, at);
  return new Request(`https://greenroom.test/api/hooks/stripe/${eventId}`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature, ...opts.headers },
    body,
  });
}
const ordersOf = (accountId: string) => db().select().from(orders).where(eq(orders.accountId, accountId));

describe("the webhook endpoint", () => {
  it("takes a signed Stripe checkout, refuses stale, forged and unsigned ones storing nothing, and ignores other types", async () => {
    const { event } = await connected();
    const buyer = await makeOrganizer();
    const pi = `pi_${createId()}`;
    const route = { retailer: "stripe", eventId: event.id };

    const stale = await handleWebhook(await stripePost(event.id, stripeSession(buyer.email, pi), { at: Math.floor(Date.now() / 1000) - 3600 }), route, env());
    expect(stale.status).toBe(401);
    const forged = await handleWebhook(await stripePost(event.id, stripeSession(buyer.email, pi), { secret: "whsec_wrong_secret" }), route, env());
    expect(forged.status).toBe(401);
    const unsigned = await handleWebhook(
      new Request("https://greenroom.test/x", { method: "POST", headers: { "content-type": "application/json" }, body: stripeSession(buyer.email, pi) }),
      route,
      env(),
    );
    expect(unsigned.status).toBe(401);
    expect(await ordersOf(event.accountId)).toHaveLength(0);
    const [untouched] = await db().select().from(retailerConnections).where(and(eq(retailerConnections.accountId, event.accountId), eq(retailerConnections.retailer, "stripe")));
    expect(untouched?.lastDeliveryAt).toBeNull();

    const ok = await handleWebhook(await stripePost(event.id, stripeSession(buyer.email, pi)), route, env());
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, status: "placed", needsMapping: false });
    const [order] = await ordersOf(event.accountId);
    expect(order?.externalOrderId).toBe(pi);
    expect(await db().select().from(tickets).where(eq(tickets.orderId, order?.id ?? ""))).toHaveLength(1);
    const [status] = await db().select().from(retailerConnections).where(and(eq(retailerConnections.accountId, event.accountId), eq(retailerConnections.retailer, "stripe")));
    expect(status?.lastDeliveryStatus).toBe(200);

    const other = await handleWebhook(await stripePost(event.id, stripeSession(buyer.email, `pi_${createId()}`, "invoice.paid")), route, env());
    expect(other.status).toBe(202);
    expect(await ordersOf(event.accountId)).toHaveLength(1);

    const refund = JSON.stringify({
      id: `evt_${createId()}`,
      type: "charge.refunded",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: `ch_${createId()}`, amount: 2500, amount_refunded: 2500, currency: "eur", refunded: true, payment_intent: pi } },
    });
    const refunded = await handleWebhook(await stripePost(event.id, refund), route, env());
    expect(await refunded.json()).toMatchObject({ status: "refunded" });
    expect((await db().select().from(tickets).where(eq(tickets.orderId, order?.id ?? "")))[0]?.status).toBe("revoked");
  });

  it("mails the buyer once per placed order, with the event as an .ics file, however often the order is delivered", async () => {
    const { event } = await connected();
    const email = `mail-buyer-${createId()}@example.test`;
    const body = stripeSession(email, `pi_${createId()}`);
    const withBase = env({ baseUrl: "https://greenroom.test" });
    for (let i = 0; i < 3; i++) expect((await handleWebhook(await stripePost(event.id, body), { retailer: "stripe", eventId: event.id }, withBase)).status).toBe(200);
    const mails = await db().select().from(mailOutbox).where(eq(mailOutbox.to, email));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe("Your tickets for Launch Live");
    expect(mails[0]?.text).toContain("1 ticket for Launch Live");
    // No account yet: the mail says how to get one for this address.
    expect(mails[0]?.text).toContain(`https://greenroom.test/signup?email=${encodeURIComponent(email)}`);
    expect(mails[0]?.text).toContain("--- Attachment: event.ics (text/calendar; charset=utf-8) ---\nBEGIN:VCALENDAR\r\n");
    expect(mails[0]?.text).toContain("SUMMARY:Launch Live");
  });

  it("refuses large bodies before parsing, other content types, and unknown events or retailers alike", async () => {
    const { event } = await connected();
    const route = { retailer: "stripe", eventId: event.id };
    const big = "x".repeat(WEBHOOK_MAX_BYTES + 1);
    const declared = await handleWebhook(
      new Request("https://greenroom.test/x", { method: "POST", headers: { "content-type": "application/json", "content-length": String(big.length) }, body: big }),
      route,
      env(),
    );
    expect(declared.status).toBe(413);
    // No Content-Length: the size is counted while reading a streamed body.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode("y".repeat(64 * 1024)));
        controller.close();
      },
    });
    const streamed = await handleWebhook(
      new Request("https://greenroom.test/x", { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit),
      route,
      env(),
    );
    expect(streamed.status).toBe(413);
    const text = await handleWebhook(await stripePost(event.id, "{}", { headers: { "content-type": "text/plain" } }), route, env());
    expect(text.status).toBe(415);

    const unknownEvent = await handleWebhook(await stripePost(createId(), "{}"), { retailer: "stripe", eventId: createId() }, env());
    const unknownRetailer = await handleWebhook(await stripePost(event.id, "{}"), { retailer: "paypal", eventId: event.id }, env());
    const elsewhere = await makeEventWithRooms();
    const notConnected = await handleWebhook(await stripePost(elsewhere.event.id, "{}"), { retailer: "stripe", eventId: elsewhere.event.id }, env());
    for (const response of [unknownEvent, unknownRetailer, notConnected]) {
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "Not found" });
    }
  });

  it("verifies Shopify's HMAC, deduplicates by X-Shopify-Webhook-Id and revokes on refunds/create", async () => {
    const { event } = await connected();
    const buyer = await makeOrganizer();
    const orderId = Math.floor(Math.random() * 1e12);
    const order = JSON.stringify({
      id: orderId,
      email: buyer.email,
      currency: "EUR",
      total_price: "50.00",
      created_at: "2027-03-01T10:15:00Z",
      line_items: [{ id: 1, sku: "GR-DAY", quantity: 2, name: "Day pass" }],
    });
    const post = async (topic: string, body: string, deliveryId: string, secret = SHOPIFY_SECRET) =>
      handleWebhook(
        new Request("https://greenroom.test/x", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-shopify-topic": topic,
            "x-shopify-webhook-id": deliveryId,
            "x-shopify-hmac-sha256": await signShopifyPayload(secret, body),
          },
          body,
        }),
        { retailer: "shopify", eventId: event.id },
        env(),
      );
    expect((await post("orders/create", order, "d-forged", "not-the-secret")).status).toBe(401);
    expect(await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.accountId, event.accountId))).toHaveLength(0);

    const answers = await Promise.all(Array.from({ length: 5 }, () => post("orders/create", order, "d-1")));
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { duplicate: boolean }[];
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    const [row] = await ordersOf(event.accountId);
    expect((await db().select().from(tickets).where(eq(tickets.orderId, row?.id ?? ""))).map((t) => t.status)).toEqual(["valid", "valid"]);

    const refund = JSON.stringify({ id: 1, order_id: orderId, created_at: "2027-03-02T10:00:00Z", refund_line_items: [], transactions: [] });
    expect((await post("refunds/create", refund, "d-2")).status).toBe(200);
    expect((await db().select().from(tickets).where(eq(tickets.orderId, row?.id ?? ""))).map((t) => t.status)).toEqual(["revoked", "revoked"]);
  });

  it("fetches an Eventbrite order only from the configured API origin, with the organizer's token", async () => {
    const { event } = await connected();
    const orderBody = structuredClone(eventbriteOrder) as Record<string, unknown>;
    const fetcher = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      expect(String(url).startsWith(`${API}/v3/orders/`)).toBe(true);
      expect(new Headers(init?.headers).get("authorization")).toBe("Bearer eb-private-token");
      return new Response(JSON.stringify(orderBody), { status: 200, headers: { "content-type": "application/json" } });
    });
    const notify = (apiUrl: string) =>
      handleWebhook(
        new Request("https://greenroom.test/x", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ api_url: apiUrl, config: { action: "order.placed" } }),
        }),
        { retailer: "eventbrite", eventId: event.id },
        env({ fetch: fetcher as unknown as typeof fetch }),
      );
    const ssrf = await notify("http://169.254.169.254/v3/orders/4918273645/");
    expect(ssrf.status).toBe(400);
    expect(fetcher).not.toHaveBeenCalled();

    const ok = await notify(`${API}/v3/orders/${String(orderBody.id)}/`);
    expect(ok.status).toBe(200);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(await ordersOf(event.accountId)).toHaveLength(1);
  });

  it("keeps retailer secrets sealed: never in the database, the audit log or the answer, and only for the owner", async () => {
    const { owner, event } = await connected();
    const [row] = await db().select().from(retailerConnections).where(and(eq(retailerConnections.accountId, event.accountId), eq(retailerConnections.retailer, "stripe")));
    expect(row?.sealedSecret).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(STRIPE_SECRET);
    const audits = await db().select().from(auditLog).where(eq(auditLog.accountId, event.accountId));
    expect(JSON.stringify(audits)).not.toContain(STRIPE_SECRET);
    expect(JSON.stringify(audits)).not.toContain("eb-private-token");

    const stranger = await makeOrganizer();
    await expect(
      saveRetailerConnection({ ctx: stranger.ctx, input: { eventId: event.id, retailer: "stripe", secret: "whsec_attacker_secret" }, commerceKeys }),
    ).rejects.toMatchObject({ code: "not_found" });
    const [after] = await db().select().from(retailerConnections).where(eq(retailerConnections.id, row?.id ?? ""));
    expect(after?.sealedSecret).toBe(row?.sealedSecret);
    expect(owner).toBeDefined();
  });
});
