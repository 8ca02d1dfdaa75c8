import { auditLog, events, mailOutbox, orders, retailerConnections, tickets, webhookDeliveries } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { makeSkuMapping, makeTicketType } from "../../test/commerce-factories";
import { makeEvent, makeEventWithRooms, makeGrant, makeOrganizer, testCtx } from "../../test/factories";
import eventbriteOrder from "../commerce/fixtures/eventbrite-order.json";
import { signShopifyPayload } from "../commerce/shopify-hmac";
import { signStripePayload } from "../commerce/stripe-signature";
import { ORDER_CAPS, UNITS_PER_LINE_MESSAGE, UNITS_PER_ORDER_MESSAGE } from "../caps";
import { LIMITS } from "../limits";
import { linkRetailerEvent, mapSku, releaseOrderHold, saveRetailerConnection } from "../orders";
import { orderDetailPage, ordersPage } from "../pages";
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
  await makeSkuMapping(world.event, "eventbrite", "2233445566", pass.id);
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

  it("takes the buyer's mail budget in the ingestion batch: redeliveries use none, and past the budget no mail goes", async () => {
    const { event } = await connected();
    const withBase = env({ baseUrl: "https://greenroom.test" });
    const email = `budget-${createId()}@example.test`;
    const body = stripeSession(email, `pi_${createId()}`);
    for (let i = 0; i < 3; i++) await handleWebhook(await stripePost(event.id, body), { retailer: "stripe", eventId: event.id }, withBase);
    const [slot] = await db().all<{ failures: number }>(sql`SELECT failures FROM auth_throttle WHERE key = ${`ticket-mail:${email}`}`);
    expect(slot?.failures).toBe(1);
    await db().run(sql`UPDATE auth_throttle SET failures = ${LIMITS.ticketMailsPerAddress.max} WHERE key = ${`ticket-mail:${email}`}`);
    const second = await handleWebhook(await stripePost(event.id, stripeSession(email, `pi_${createId()}`)), { retailer: "stripe", eventId: event.id }, withBase);
    expect(second.status).toBe(200);
    expect(await db().select().from(mailOutbox).where(eq(mailOutbox.to, email))).toHaveLength(1);
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
      // One answer for all three, in the problem+json envelope, so nothing tells them apart.
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.json()).toEqual({ type: "about:blank", title: "Not Found", status: 404, detail: "Not found.", code: "not_found" });
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
    const post = (topic: string, body: string, deliveryId: string, secret = SHOPIFY_SECRET) =>
      shopifyPost(event.id, topic, body, deliveryId, secret);
    expect((await post("orders/create", order, "d-forged", "not-the-secret")).status).toBe(401);
    expect(await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.accountId, event.accountId))).toHaveLength(0);

    const answers = await Promise.all(Array.from({ length: 5 }, () => post("orders/create", order, "d-1")));
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { duplicate: boolean }[];
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    const [row] = await ordersOf(event.accountId);
    expect((await db().select().from(tickets).where(eq(tickets.orderId, row?.id ?? ""))).map((t) => t.status)).toEqual(["valid", "valid"]);

    const refund = JSON.stringify({
      id: 1,
      order_id: orderId,
      created_at: "2027-03-02T10:00:00Z",
      refund_line_items: [{ quantity: 2, line_item: { id: 1, sku: "GR-DAY", quantity: 2 } }],
      transactions: [],
    });
    expect((await post("refunds/create", refund, "d-2")).status).toBe(200);
    expect((await db().select().from(tickets).where(eq(tickets.orderId, row?.id ?? ""))).map((t) => t.status)).toEqual(["revoked", "revoked"]);
  });

  it("fetches an Eventbrite order only from the configured API origin, with the organizer's token", async () => {
    const { event, owner } = await connected();
    await linkRetailerEvent({ ctx: owner.ctx, input: { eventId: event.id, retailer: "eventbrite", externalEventId: "812345678901" } });
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

// ------------------------------------------------------------------------------------------ only what is signed decides

/** A Shopify delivery signed with `secret`; a string body is sent as it is, anything else as its JSON. */
async function shopifyPost(
  eventId: string,
  topic: string,
  body: unknown,
  deliveryId = `d-${createId()}`,
  secret = SHOPIFY_SECRET,
  webhookEnv: WebhookEnv = env(),
) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return handleWebhook(
    new Request("https://greenroom.test/x", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": topic,
        "x-shopify-webhook-id": deliveryId,
        "x-shopify-hmac-sha256": await signShopifyPayload(secret, text),
      },
      body: text,
    }),
    { retailer: "shopify", eventId },
    webhookEnv,
  );
}

const shopifyOrder = (orderId: number, email: string, quantity = 3) => ({
  id: orderId,
  email,
  currency: "EUR",
  total_price: `${quantity * 25}.00`,
  created_at: "2027-03-01T10:15:00Z",
  line_items: [{ id: 11, sku: "GR-DAY", quantity, name: "Day pass" }],
});
const shopifyRefund = (refundId: number, orderId: number, units: number, amount = "25.00") => ({
  id: refundId,
  order_id: orderId,
  created_at: "2027-03-02T10:00:00Z",
  refund_line_items: units > 0 ? [{ quantity: units, line_item: { id: 11, sku: "GR-DAY", quantity: 3 } }] : [],
  transactions: [{ amount, currency: "EUR", kind: "refund", status: "success" }],
});

async function ticketStates(accountId: string, externalOrderId: string) {
  const [order] = await db().select().from(orders).where(and(eq(orders.accountId, accountId), eq(orders.externalOrderId, externalOrderId)));
  const rows = order ? await db().select().from(tickets).where(eq(tickets.orderId, order.id)) : [];
  return { order, valid: rows.filter((t) => t.status === "valid").length, revoked: rows.filter((t) => t.status === "revoked").length };
}

async function connectionOf(accountId: string, retailer: "stripe" | "shopify" | "eventbrite") {
  const [row] = await db().select().from(retailerConnections).where(and(eq(retailerConnections.accountId, accountId), eq(retailerConnections.retailer, retailer)));
  return row;
}

function eventbriteFetcher(bodies: Record<string, unknown>, status = 200) {
  return vi.fn(async (url: RequestInfo | URL) => {
    const id = /\/v3\/orders\/(\d+)\//.exec(String(url))?.[1] ?? "";
    const body = bodies[id];
    return body && status === 200
      ? new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } })
      : new Response("{}", { status: body ? status : 404 });
  });
}

const eventbriteNotify = (eventId: string, orderId: string, action: string, fetcher: typeof fetch, raw?: string) =>
  handleWebhook(
    new Request("https://greenroom.test/x", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: raw ?? JSON.stringify({ api_url: `${API}/v3/orders/${orderId}/`, config: { action } }),
    }),
    { retailer: "eventbrite", eventId },
    env({ fetch: fetcher }),
  );

/** The fixture's order for `buyer`, on Eventbrite event `ebEvent`, with two attendees of the mapped class. */
function eventbriteOrderFor(orderId: string, buyer: string, ebEvent = "812345678901", refundedSecond = false) {
  const order = structuredClone(eventbriteOrder) as typeof eventbriteOrder;
  order.id = orderId;
  order.email = buyer;
  order.event_id = ebEvent;
  order.attendees = order.attendees.slice(0, 2).map((a, i) => ({
    ...a,
    id: `${orderId}${i}`,
    ticket_class_id: "2233445566",
    refunded: refundedSecond && i === 1,
  })) as typeof order.attendees;
  return order;
}

describe("only what is signed decides", () => {
  it("an unsigned Eventbrite notification saying order.refunded revokes nothing when the API says the order is placed", async () => {
    const { event, owner } = await connected();
    await linkRetailerEvent({ ctx: owner.ctx, input: { eventId: event.id, retailer: "eventbrite", externalEventId: "812345678901" } });
    const orderId = String(Math.floor(Math.random() * 1e12));
    const fetcher = eventbriteFetcher({ [orderId]: eventbriteOrderFor(orderId, `eb-${createId()}@example.test`) });
    expect((await eventbriteNotify(event.id, orderId, "order.placed", fetcher as unknown as typeof fetch)).status).toBe(200);
    expect(await ticketStates(event.accountId, orderId)).toMatchObject({ valid: 2, revoked: 0 });

    const forged = await eventbriteNotify(event.id, orderId, "order.refunded", fetcher as unknown as typeof fetch);
    expect(forged.status).toBe(200);
    expect(await ticketStates(event.accountId, orderId)).toMatchObject({ valid: 2, revoked: 0 });
    expect((await ticketStates(event.accountId, orderId)).order?.status).toBe("placed");
  });

  it("an Eventbrite attendee refunded in the fetched order revokes only that attendee's ticket", async () => {
    const { event, owner } = await connected();
    await linkRetailerEvent({ ctx: owner.ctx, input: { eventId: event.id, retailer: "eventbrite", externalEventId: "812345678901" } });
    const orderId = String(Math.floor(Math.random() * 1e12));
    const email = `eb-${createId()}@example.test`;
    const placed = eventbriteFetcher({ [orderId]: eventbriteOrderFor(orderId, email) });
    await eventbriteNotify(event.id, orderId, "order.placed", placed as unknown as typeof fetch);
    const refunded = eventbriteFetcher({ [orderId]: eventbriteOrderFor(orderId, email, "812345678901", true) });
    for (let i = 0; i < 2; i++) {
      expect((await eventbriteNotify(event.id, orderId, "order.refunded", refunded as unknown as typeof fetch)).status).toBe(200);
    }
    expect(await ticketStates(event.accountId, orderId)).toMatchObject({ valid: 1, revoked: 1 });
  });

  it("an Eventbrite order of another Eventbrite event is not parked here and does not block its own event's delivery", async () => {
    const { event, owner, pass } = await connected();
    await linkRetailerEvent({ ctx: owner.ctx, input: { eventId: event.id, retailer: "eventbrite", externalEventId: "812345678901" } });
    // A second event of the same account, selling Eventbrite event 999.
    const second = await makeEvent(owner, { rooms: [{ name: "Hall", kind: "stage" }] });
    const secondPass = await makeTicketType(second, [], "Hall pass");
    await makeSkuMapping(second, "eventbrite", "2233445566", secondPass.id);
    await linkRetailerEvent({ ctx: owner.ctx, input: { eventId: second.id, retailer: "eventbrite", externalEventId: "999" } });
    const orderId = String(Math.floor(Math.random() * 1e12));
    const fetcher = eventbriteFetcher({ [orderId]: eventbriteOrderFor(orderId, `eb-${createId()}@example.test`, "999") });

    const wrong = await eventbriteNotify(event.id, orderId, "order.placed", fetcher as unknown as typeof fetch);
    expect(wrong.status).toBe(202);
    expect((await ticketStates(event.accountId, orderId)).order).toBeUndefined();
    const right = await eventbriteNotify(second.id, orderId, "order.placed", fetcher as unknown as typeof fetch);
    expect(right.status).toBe(200);
    const [row] = await db().select().from(orders).where(and(eq(orders.accountId, event.accountId), eq(orders.externalOrderId, orderId)));
    expect(row?.eventId).toBe(second.id);
    expect(pass.id).not.toBe(secondPass.id);
  });

  it("only the account's owners say which Eventbrite event an event sells: an event admin is refused and nothing changes", async () => {
    const { event, owner } = await connected();
    await linkRetailerEvent({ ctx: owner.ctx, input: { eventId: event.id, retailer: "eventbrite", externalEventId: "812345678901" } });
    const admin = await makeOrganizer();
    await makeGrant(event, admin, { roleId: "role_admin" });
    await expect(
      linkRetailerEvent({ ctx: admin.ctx, input: { eventId: event.id, retailer: "eventbrite", externalEventId: "999" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const page = await ordersPage({ ctx: owner.ctx, input: { eventId: event.id } });
    expect(page.eventbriteEventId).toBe("812345678901");
  });

  it("an unproven Eventbrite notification changes nothing the organizer sees", async () => {
    const { event, owner } = await connected();
    await linkRetailerEvent({ ctx: owner.ctx, input: { eventId: event.id, retailer: "eventbrite", externalEventId: "812345678901" } });
    const none = eventbriteFetcher({});
    const down = eventbriteFetcher({ "42": {} }, 500);
    const answers = [
      await eventbriteNotify(event.id, "1", "order.placed", none as unknown as typeof fetch, "not json"),
      await eventbriteNotify(event.id, "1", "order.placed", none as unknown as typeof fetch, JSON.stringify({ api_url: "http://169.254.169.254/v3/orders/1/", config: { action: "order.placed" } })),
      await eventbriteNotify(event.id, "77", "order.refunded", none as unknown as typeof fetch),
      await eventbriteNotify(event.id, "42", "order.refunded", down as unknown as typeof fetch),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 400, 401, 502]);
    expect((await connectionOf(event.accountId, "eventbrite"))?.lastDeliveryAt).toBeNull();
    expect(await ordersOf(event.accountId)).toHaveLength(0);
  });

  it("unproven requests are capped per connection: past the cap the Eventbrite API is not called and the answer is 429", async () => {
    const { event } = await connected();
    const connection = await connectionOf(event.accountId, "eventbrite");
    const now = Math.floor(Date.now() / 1000);
    await db().run(sql`INSERT INTO auth_throttle (key, window_started_at, failures) VALUES (${`hook-unproven:${connection?.id}`}, ${now}, ${LIMITS.unprovenWebhooksPerConnection.max})`);
    const fetcher = eventbriteFetcher({ "5": eventbriteOrderFor("5", "x@example.test") });
    const answer = await eventbriteNotify(event.id, "5", "order.placed", fetcher as unknown as typeof fetch);
    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(fetcher).not.toHaveBeenCalled();
    // Bad Stripe signatures count too.
    const stripe = await connectionOf(event.accountId, "stripe");
    await db().run(sql`INSERT INTO auth_throttle (key, window_started_at, failures) VALUES (${`hook-unproven:${stripe?.id}`}, ${now}, ${LIMITS.unprovenWebhooksPerConnection.max})`);
    const forged = await handleWebhook(await stripePost(event.id, stripeSession("a@example.test", "pi_x"), { secret: "whsec_wrong" }), { retailer: "stripe", eventId: event.id }, env());
    expect(forged.status).toBe(429);
  });

  it("every webhook request to a connection has a per-minute cap, answered 429 with Retry-After and storing nothing", async () => {
    const { event } = await connected();
    const stripe = await connectionOf(event.accountId, "stripe");
    const now = Math.floor(Date.now() / 1000);
    await db().run(sql`INSERT INTO auth_throttle (key, window_started_at, failures) VALUES (${`hook:${stripe?.id}`}, ${now - 10}, ${LIMITS.webhookRequestsPerConnection.max})`);
    const answer = await handleWebhook(await stripePost(event.id, stripeSession("cap@example.test", `pi_${createId()}`)), { retailer: "stripe", eventId: event.id }, env());
    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get("retry-after"))).toBeGreaterThanOrEqual(49);
    expect(Number(answer.headers.get("retry-after"))).toBeLessThanOrEqual(51);
    expect(await ordersOf(event.accountId)).toHaveLength(0);
    expect((await connectionOf(event.accountId, "stripe"))?.lastDeliveryAt).toBeNull();
  });

  it("a signed order over the units-per-line or per-order cap is refused with its message and issues nothing", async () => {
    const { event } = await connected();
    const overLine = Math.floor(Math.random() * 1e12);
    const refused = await shopifyPost(event.id, "orders/create", shopifyOrder(overLine, `cap-${createId()}@example.test`, ORDER_CAPS.unitsPerLine + 1));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: "invalid_payload", detail: expect.stringContaining(UNITS_PER_LINE_MESSAGE) });
    // Many lines, each under its cap, over the order's.
    const overOrder = Math.floor(Math.random() * 1e12);
    const lines = Array.from({ length: 3 }, (_, i) => ({ id: 20 + i, sku: "GR-DAY", quantity: 400, name: "Day pass" }));
    const refusedToo = await shopifyPost(event.id, "orders/create", { ...shopifyOrder(overOrder, `cap-${createId()}@example.test`), line_items: lines });
    expect(refusedToo.status).toBe(400);
    expect(await refusedToo.json()).toMatchObject({ detail: expect.stringContaining(UNITS_PER_ORDER_MESSAGE) });
    expect(await ordersOf(event.accountId)).toHaveLength(0);
    // The organizer sees why on the connection's last delivery (it was proven, so its note is kept).
    const [connection] = await db().select().from(retailerConnections).where(and(eq(retailerConnections.accountId, event.accountId), eq(retailerConnections.retailer, "shopify")));
    expect(connection?.lastDeliveryStatus).toBe(400);
    expect(connection?.lastDeliveryNote).toContain(UNITS_PER_ORDER_MESSAGE);
  });

  it("a Shopify orders/cancelled topic over an uncancelled signed body cancels nothing", async () => {
    const { event } = await connected();
    const orderId = Math.floor(Math.random() * 1e12);
    const order = shopifyOrder(orderId, `s-${createId()}@example.test`, 2);
    await shopifyPost(event.id, "orders/create", order);
    const answer = await shopifyPost(event.id, "orders/cancelled", order);
    expect(answer.status).toBe(200);
    expect(await ticketStates(event.accountId, String(orderId))).toMatchObject({ valid: 2, revoked: 0, order: { status: "placed" } });
    // The signed cancelled body does cancel.
    await shopifyPost(event.id, "orders/cancelled", { ...order, cancelled_at: "2027-03-02T08:00:00Z" });
    expect(await ticketStates(event.accountId, String(orderId))).toMatchObject({ valid: 0, revoked: 2, order: { status: "cancelled" } });
  });

  it("a Stripe checkout whose client_reference_id names a mapped ticket type issues nothing for it", async () => {
    const { event } = await connected();
    const pi = `pi_${createId()}`;
    const body = JSON.parse(stripeSession(`ref-${createId()}@example.test`, pi));
    body.data.object.metadata = {};
    body.data.object.client_reference_id = "sku-day";
    const answer = await handleWebhook(await stripePost(event.id, JSON.stringify(body)), { retailer: "stripe", eventId: event.id }, env());
    expect(await answer.json()).toMatchObject({ status: "placed", needsMapping: false });
    expect(await ticketStates(event.accountId, pi)).toMatchObject({ valid: 0 });
  });

  it("a Stripe order paying another amount than the mapped price × quantity is held and flagged until the organizer releases it", async () => {
    const world = await makeEventWithRooms();
    const vip = await makeTicketType(world.event, [world.main.id], "VIP");
    await saveRetailerConnection({ ctx: world.owner.ctx, input: { eventId: world.event.id, retailer: "stripe", secret: STRIPE_SECRET }, commerceKeys });
    // The organizer maps the SKU with its price: 25.00 EUR a ticket. The session pays 25.00 for two.
    const pi = `pi_${createId()}`;
    const body = JSON.parse(stripeSession(`held-${createId()}@example.test`, pi));
    body.data.object.metadata = { greenroom_sku: "vip", greenroom_quantity: "2" };
    const first = await handleWebhook(await stripePost(world.event.id, JSON.stringify(body)), { retailer: "stripe", eventId: world.event.id }, env());
    expect(await first.json()).toMatchObject({ needsMapping: true, held: false });
    await mapSku({ ctx: world.owner.ctx, input: { eventId: world.event.id, retailer: "stripe", externalSku: "vip", ticketTypeId: vip.id, unitPrice: "25.00", currency: "eur" } });
    const held = await ticketStates(world.event.accountId, pi);
    expect(held).toMatchObject({ valid: 0 });
    expect(((held.order?.body ?? {}) as { hold?: { expected: number } }).hold?.expected).toBe(5000);
    const page = await ordersPage({ ctx: world.owner.ctx, input: { eventId: world.event.id } });
    expect(page.entries[0]).toMatchObject({ held: true });

    // A matching order of the same SKU is issued at once.
    const fair = JSON.parse(stripeSession(`fair-${createId()}@example.test`, `pi_${createId()}`));
    fair.data.object.metadata = { greenroom_sku: "vip", greenroom_quantity: "1" };
    const fairAnswer = await handleWebhook(await stripePost(world.event.id, JSON.stringify(fair)), { retailer: "stripe", eventId: world.event.id }, env());
    expect(await fairAnswer.json()).toMatchObject({ held: false, needsMapping: false });

    await releaseOrderHold({ ctx: world.owner.ctx, input: { eventId: world.event.id, orderId: held.order?.id ?? "" } });
    expect(await ticketStates(world.event.accountId, pi)).toMatchObject({ valid: 2 });
    // A redelivery after the release does not hold it again.
    await handleWebhook(await stripePost(world.event.id, JSON.stringify(body)), { retailer: "stripe", eventId: world.event.id }, env());
    expect(await ticketStates(world.event.accountId, pi)).toMatchObject({ valid: 2 });
  });

  it("an archived event refuses a signed order with 409 and writes nothing", async () => {
    const { event } = await connected();
    await db().update(events).set({ status: "archived" }).where(eq(events.id, event.id));
    const answer = await handleWebhook(await stripePost(event.id, stripeSession(`arch-${createId()}@example.test`, `pi_${createId()}`)), { retailer: "stripe", eventId: event.id }, env());
    expect(answer.status).toBe(409);
    expect(await answer.json()).toMatchObject({ status: 409, code: "event_closed", detail: "This event is archived: it takes no more orders." });
    expect(await ordersOf(event.accountId)).toHaveLength(0);
    expect(await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.accountId, event.accountId))).toHaveLength(0);
    expect((await connectionOf(event.accountId, "stripe"))?.lastDeliveryAt).toBeNull();
  });
});

// ------------------------------------------------------------------------------- partial refunds revoke what was refunded

describe("refunds revoke only what was refunded", () => {
  it("a refund of one of three tickets revokes one, counts once when delivered twice, and a redelivered order re-issues nothing", async () => {
    const { event } = await connected();
    const orderId = Math.floor(Math.random() * 1e12);
    const order = shopifyOrder(orderId, `p-${createId()}@example.test`, 3);
    await shopifyPost(event.id, "orders/create", order);
    const refund = shopifyRefund(7001, orderId, 1);
    const answers = await Promise.all([shopifyPost(event.id, "refunds/create", refund, "r-1"), shopifyPost(event.id, "refunds/create", refund, "r-1b")]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await ticketStates(event.accountId, String(orderId))).toMatchObject({ valid: 2, revoked: 1, order: { status: "placed" } });
    await shopifyPost(event.id, "orders/create", order, "again");
    expect(await ticketStates(event.accountId, String(orderId))).toMatchObject({ valid: 2, revoked: 1 });
    // A second refund of one more unit is its own refund.
    await shopifyPost(event.id, "refunds/create", shopifyRefund(7002, orderId, 1));
    expect(await ticketStates(event.accountId, String(orderId))).toMatchObject({ valid: 1, revoked: 2 });
  });

  it("a refund that takes tickets back ends the buyer's live access in the rooms it closed; a money-only refund ends none", async () => {
    const { event, main } = await connected();
    const buyer = await makeOrganizer();
    const calls: { userId: string; roomIds?: string[] }[] = [];
    const base = testCtx();
    const ctx = { ...base, stage: { ...base.stage, endLiveAccess: async (input: { userId: string; roomIds?: string[] }) => {
      calls.push({ userId: input.userId, ...(input.roomIds ? { roomIds: input.roomIds } : {}) });
      return { ok: true as const, value: { rooms: 1, closed: 1 } };
    } } } as typeof base;
    const post = (topic: string, body: unknown) => shopifyPost(event.id, topic, body, undefined, SHOPIFY_SECRET, env({ ctx }));
    const orderId = Math.floor(Math.random() * 1e12);
    await post("orders/create", shopifyOrder(orderId, buyer.email, 2));
    await post("refunds/create", shopifyRefund(6001, orderId, 0, "1.00"));
    await post("refunds/create", shopifyRefund(6002, orderId, 1));
    // One ticket is left: the room stays open.
    expect(calls).toEqual([]);
    await post("refunds/create", shopifyRefund(6003, orderId, 1));
    expect(calls).toEqual([{ userId: buyer.id, roomIds: [main.id] }]);
  });

  it("a money-only refund keeps every ticket", async () => {
    const { event } = await connected();
    const orderId = Math.floor(Math.random() * 1e12);
    await shopifyPost(event.id, "orders/create", shopifyOrder(orderId, `m-${createId()}@example.test`, 3));
    expect((await shopifyPost(event.id, "refunds/create", shopifyRefund(8001, orderId, 0, "1.00"))).status).toBe(200);
    expect(await ticketStates(event.accountId, String(orderId))).toMatchObject({ valid: 3, revoked: 0, order: { status: "placed" } });

    // Stripe: a partial refund of the charge is money only too, a full one closes the order.
    const pi = `pi_${createId()}`;
    await handleWebhook(await stripePost(event.id, stripeSession(`sm-${createId()}@example.test`, pi)), { retailer: "stripe", eventId: event.id }, env());
    const charge = `ch_${createId()}`;
    const refund = (amountRefunded: number) =>
      JSON.stringify({
        id: `evt_${createId()}`,
        type: "charge.refunded",
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: charge, amount: 2500, amount_refunded: amountRefunded, currency: "eur", refunded: amountRefunded === 2500, payment_intent: pi } },
      });
    const partial = await handleWebhook(await stripePost(event.id, refund(100)), { retailer: "stripe", eventId: event.id }, env());
    expect(partial.status).toBe(200);
    expect(await ticketStates(event.accountId, pi)).toMatchObject({ valid: 1, order: { status: "placed" } });
    await handleWebhook(await stripePost(event.id, refund(2500)), { retailer: "stripe", eventId: event.id }, env());
    expect(await ticketStates(event.accountId, pi)).toMatchObject({ valid: 0, order: { status: "refunded" } });
    // A redelivered older checkout does not reopen the refunded order.
    await handleWebhook(await stripePost(event.id, stripeSession(`sm-${createId()}@example.test`, pi)), { retailer: "stripe", eventId: event.id }, env());
    expect(await ticketStates(event.accountId, pi)).toMatchObject({ valid: 0, order: { status: "refunded" } });
  });

  it("the order page says what each refund did", async () => {
    const { event, owner } = await connected();
    const orderId = Math.floor(Math.random() * 1e12);
    await shopifyPost(event.id, "orders/create", shopifyOrder(orderId, `v-${createId()}@example.test`, 3));
    await shopifyPost(event.id, "refunds/create", shopifyRefund(9001, orderId, 1));
    await shopifyPost(event.id, "refunds/create", shopifyRefund(9002, orderId, 0, "1.00"));
    const { order } = await ticketStates(event.accountId, String(orderId));
    const detail = await orderDetailPage({ ctx: owner.ctx, input: { eventId: event.id, orderId: order?.id ?? "" } });
    expect(detail.refunds.map((r) => r.summary)).toEqual(["Refund of 1 of 3 tickets (EUR 25.00): 1 revoked", "Money-only refund of EUR 1.00: no change to tickets"]);
  });
});
