import { describe, expect, it } from "vitest";
import eventbriteOrder from "./fixtures/eventbrite-order.json";
import eventbriteWebhook from "./fixtures/eventbrite-webhook-order-placed.json";
import shopifyCancelled from "./fixtures/shopify-orders-cancelled.json";
import shopifyOrder from "./fixtures/shopify-orders-create.json";
import shopifyRefund from "./fixtures/shopify-refunds-create.json";
import stripeRefund from "./fixtures/stripe-charge-refunded.json";
import stripeSession from "./fixtures/stripe-checkout-session-completed.json";
import stripeSessionWithItems from "./fixtures/stripe-checkout-session-line-items.json";
import {
  eventbriteOrderUrl,
  normalizeManualOrder,
  parseEventbriteOrder,
  parseEventbriteWebhook,
  parseShopifyWebhook,
  parseStripeEvent,
  type RetailerParseResult,
} from "./retailer-payloads";

/** A deep copy to edit: fixtures are shared between tests. */
const copy = <T>(value: T): T => structuredClone(value);
const event = (result: RetailerParseResult) => {
  if (result.status !== "ok") throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.event;
};

describe("Stripe", () => {
  it("checkout.session.completed with the metadata convention, keyed by its PaymentIntent", () => {
    expect(event(parseStripeEvent(stripeSession))).toEqual({
      retailer: "stripe",
      externalOrderId: "pi_3RgH2kLkdIwHu7ix1AbCdEfG",
      kind: "order",
      buyerEmail: "ada.lovelace@example.com",
      buyerName: "Ada Lovelace",
      lines: [{ externalSku: "live-2027-early-bird", quantity: 2 }],
      amount: 9000,
      currency: "EUR",
      occurredAt: new Date(1780000123 * 1000),
      externalEventId: "evt_1RgH2kLkdIwHu7ixQ0aBcDeF",
    });
  });

  it("charge.refunded maps back to the same order through payment_intent", () => {
    const order = event(parseStripeEvent(stripeSession));
    const refund = event(parseStripeEvent(stripeRefund));
    expect(refund).toEqual({
      retailer: "stripe",
      externalOrderId: order.externalOrderId,
      kind: "refund",
      buyerEmail: "ada.lovelace@example.com",
      buyerName: "Ada Lovelace",
      lines: [],
      amount: 9000,
      currency: "EUR",
      occurredAt: new Date(1780090000 * 1000),
      externalEventId: "evt_3RgHzzLkdIwHu7ix1RfNdEdD",
      refunds: [{ key: `stripe:${stripeRefund.data.object.id}:9000`, lines: [], all: true, amount: 9000, currency: "EUR" }],
    });
  });

  it("a partial Stripe refund is money only, keyed by the charge's refunded total so each further one counts once", () => {
    const partial = copy(stripeRefund);
    partial.data.object.amount_refunded = 4500;
    partial.data.object.refunded = false;
    expect(event(parseStripeEvent(partial)).refunds).toEqual([
      { key: `stripe:${stripeRefund.data.object.id}:4500`, lines: [], all: false, amount: 4500, currency: "EUR" },
    ]);
  });

  it("uses expanded line items (product id, else price id) when there is no metadata SKU", () => {
    const result = event(parseStripeEvent(stripeSessionWithItems));
    expect(result.externalOrderId).toBe("pi_3RgH9xLkdIwHu7ix0QwErTyU"); // expanded payment_intent object
    expect(result.lines).toEqual([
      { externalSku: "prod_VipPass", quantity: 2, title: "VIP pass" },
      { externalSku: "prod_Workshop", quantity: 1, title: "Workshop add-on" },
    ]);
    const noProduct = copy(stripeSessionWithItems);
    for (const item of noProduct.data.object.line_items.data) delete (item.price as { product?: unknown }).product;
    expect(event(parseStripeEvent(noProduct)).lines.map((l) => l.externalSku)).toEqual(["price_1Vip", "price_1Wks"]);
  });

  it("never takes the ticket type from client_reference_id, which the buyer sets in a Payment Link URL", () => {
    const withReference = copy(stripeSession);
    withReference.data.object.metadata = { campaign: "x" } as typeof withReference.data.object.metadata;
    (withReference.data.object as { client_reference_id: string | null }).client_reference_id = "vip";
    expect(event(parseStripeEvent(withReference)).lines).toEqual([]);
  });

  it("keys a session without a PaymentIntent (free checkout) by the session id", () => {
    const free = copy(stripeSession);
    (free.data.object as { payment_intent: string | null }).payment_intent = null;
    free.data.object.payment_status = "no_payment_required";
    free.data.object.amount_total = 0;
    expect(event(parseStripeEvent(free))).toMatchObject({ externalOrderId: "cs_test_b1Q2w3E4r5T6y7U8i9O0pAsDfGhJkL", amount: 0 });
  });

  it("ignores unpaid sessions and other event types; rejects bad shapes and bad quantities", () => {
    const unpaid = copy(stripeSession);
    unpaid.data.object.payment_status = "unpaid";
    expect(parseStripeEvent(unpaid)).toEqual({
      status: "ignored",
      reason: "checkout session cs_test_b1Q2w3E4r5T6y7U8i9O0pAsDfGhJkL is unpaid",
    });
    const asyncPaid = copy(stripeSession);
    asyncPaid.type = "checkout.session.async_payment_succeeded";
    expect(parseStripeEvent(asyncPaid).status).toBe("ok");
    const other = copy(stripeSession);
    other.type = "customer.created";
    expect(parseStripeEvent(other)).toEqual({ status: "ignored", reason: "Stripe event type customer.created" });

    expect(parseStripeEvent(null).status).toBe("invalid");
    expect(parseStripeEvent({ id: "evt_1", type: "charge.refunded", created: 1, data: { object: { id: "py_1" } } })).toMatchObject({
      status: "invalid",
      message: expect.stringMatching(/^id: /),
    });
    for (const bad of ["0", "-1", "two", "1.5", "100000"]) {
      const session = copy(stripeSession);
      session.data.object.metadata.greenroom_quantity = bad;
      expect(parseStripeEvent(session), bad).toEqual({
        status: "invalid",
        message: "metadata.greenroom_quantity: not a whole number from 1",
      });
    }
  });

  it("drops a malformed buyer email instead of failing the order", () => {
    const session = copy(stripeSession);
    session.data.object.customer_details.email = "not an email";
    const result = event(parseStripeEvent(session));
    expect(result.buyerEmail).toBeUndefined();
    expect("buyerEmail" in result).toBe(false);
  });
});

describe("Shopify", () => {
  it("orders/create: SKU, else variant id; total in minor units; buyer from the order", () => {
    expect(event(parseShopifyWebhook("orders/create", shopifyOrder))).toEqual({
      retailer: "shopify",
      externalOrderId: "5598438178990",
      kind: "order",
      buyerEmail: "jon@example.com",
      buyerName: "Jon Snow",
      lines: [
        { externalSku: "GR-VIP-D1", quantity: 2, title: "VIP pass - Day 1" },
        { externalSku: "44012345679999", quantity: 1, title: "Workshop" },
      ],
      amount: 11500,
      currency: "USD",
      occurredAt: new Date("2027-03-01T15:15:00Z"),
    });
  });

  it("orders/cancelled is a cancel of the same order, at cancelled_at", () => {
    expect(event(parseShopifyWebhook("orders/cancelled", shopifyCancelled))).toMatchObject({
      externalOrderId: "5598438178990",
      kind: "cancel",
      occurredAt: new Date("2027-03-02T13:00:00Z"),
    });
  });

  it("the unsigned topic header decides nothing: an uncancelled order sent as orders/cancelled is an order", () => {
    expect(event(parseShopifyWebhook("orders/cancelled", shopifyOrder)).kind).toBe("order");
    // A signed cancelled body is a cancellation whatever the topic says, and a signed refund body a refund.
    expect(event(parseShopifyWebhook("orders/create", shopifyCancelled)).kind).toBe("cancel");
    expect(event(parseShopifyWebhook("orders/create", shopifyRefund)).kind).toBe("refund");
    // A signed order replayed as refunds/create is no refund.
    expect(event(parseShopifyWebhook("refunds/create", shopifyOrder)).kind).toBe("order");
  });

  it("refunds/create: the order id, the refunded units keyed by the refund id, and only successful refund transactions", () => {
    expect(event(parseShopifyWebhook("refunds/create", shopifyRefund))).toEqual({
      retailer: "shopify",
      externalOrderId: "5598438178990",
      kind: "refund",
      lines: [],
      amount: 4500,
      currency: "USD",
      occurredAt: new Date("2027-03-03T17:00:00Z"),
      refunds: [
        {
          key: "shopify:929361465",
          lines: [{ externalSku: "GR-VIP-D1", quantity: 1, title: "VIP pass - Day 1" }],
          all: false,
          amount: 4500,
          currency: "USD",
        },
      ],
    });
    const moneyOnly = { ...copy(shopifyRefund), refund_line_items: [] };
    expect(event(parseShopifyWebhook("refunds/create", moneyOnly)).refunds).toEqual([
      { key: "shopify:929361465", lines: [], all: false, amount: 4500, currency: "USD" },
    ]);
  });

  it("accepts ids as strings, falls back to the product id, and tolerates extra fields", () => {
    const order = copy(shopifyOrder) as Record<string, unknown> & typeof shopifyOrder;
    (order as { id: unknown }).id = "5598438178990";
    order.line_items = [{ ...order.line_items[1], sku: "", variant_id: null } as unknown as (typeof order.line_items)[number]];
    order.brand_new_field = { nested: true };
    expect(event(parseShopifyWebhook("orders/create", order)).lines).toEqual([
      { externalSku: "8011234567999", quantity: 1, title: "Workshop" },
    ]);
  });

  it("ignores other topics and rejects bodies without the fields ingestion needs", () => {
    expect(parseShopifyWebhook("products/update", shopifyOrder)).toEqual({ status: "ignored", reason: "Shopify topic products/update" });
    const noItems = copy(shopifyOrder) as Partial<typeof shopifyOrder>;
    delete noItems.line_items;
    expect(parseShopifyWebhook("orders/create", noItems)).toMatchObject({ status: "invalid", message: expect.stringMatching(/^line_items/) });
    expect(parseShopifyWebhook("refunds/create", { id: 1, order_id: 2, refund_line_items: "x" })).toMatchObject({ status: "invalid" });
    expect(parseShopifyWebhook("refunds/create", { id: 1 })).toMatchObject({ status: "invalid" });
    expect(parseShopifyWebhook("orders/create", { ...shopifyOrder, id: -4 })).toMatchObject({ status: "invalid" });
  });
});

describe("Eventbrite", () => {
  it("reads the action and the order id from the notification", () => {
    expect(parseEventbriteWebhook(eventbriteWebhook)).toEqual({ status: "ok", action: "order.placed", orderId: "4918273645" });
    const refunded = copy(eventbriteWebhook);
    refunded.config.action = "order.refunded";
    expect(parseEventbriteWebhook(refunded)).toMatchObject({ status: "ok", action: "order.refunded" });
  });

  it("ignores other actions and rejects api_urls that are not order URLs", () => {
    const test = copy(eventbriteWebhook);
    test.config.action = "test";
    expect(parseEventbriteWebhook(test)).toEqual({ status: "ignored", reason: "Eventbrite action test" });
    for (const apiUrl of ["not a url", "https://www.eventbriteapi.com/v3/events/123/", "https://www.eventbriteapi.com/v3/orders/12/../../users/me/"]) {
      const bad = copy(eventbriteWebhook);
      bad.api_url = apiUrl;
      expect(parseEventbriteWebhook(bad), apiUrl).toMatchObject({ status: "invalid" });
    }
    expect(parseEventbriteWebhook({ api_url: "x" })).toMatchObject({ status: "invalid" });
  });

  it("fetches from the configured base, never from the host in the payload", () => {
    const hostile = copy(eventbriteWebhook);
    hostile.api_url = "https://attacker.example/v3/orders/4918273645/";
    const note = parseEventbriteWebhook(hostile);
    if (note.status !== "ok") throw new Error("expected ok");
    expect(eventbriteOrderUrl("https://www.eventbriteapi.com", note.orderId)).toBe(
      "https://www.eventbriteapi.com/v3/orders/4918273645/?expand=attendees",
    );
    expect(eventbriteOrderUrl("http://127.0.0.1:8799/eventbrite/", "42")).toBe(
      "http://127.0.0.1:8799/eventbrite/v3/orders/42/?expand=attendees",
    );
    expect(() => eventbriteOrderUrl("https://www.eventbriteapi.com", "42/../me")).toThrow(RangeError);
  });

  it("the fetched order decides, never the notification: every attendee by ticket class, each refunded or cancelled one a refund of its units", () => {
    expect(event(parseEventbriteOrder(eventbriteOrder))).toEqual({
      retailer: "eventbrite",
      externalOrderId: "4918273645",
      kind: "order",
      buyerEmail: "katherine@example.com",
      buyerName: "Katherine Johnson",
      lines: [
        { externalSku: "2233445566", quantity: 2, title: "General Admission" },
        { externalSku: "2233445577", quantity: 1, title: "Workshop" },
      ],
      amount: 6590,
      currency: "USD",
      occurredAt: new Date("2027-02-01T12:00:00Z"),
      refunds: [{ key: "eventbrite:attendee:10003", lines: [{ externalSku: "2233445577", quantity: 1 }], all: false }],
      retailerEventId: "812345678901",
    });
  });

  it("a refunded or deleted order is a refund or a cancel of every line; an unpaid one is ignored", () => {
    const refunded = copy(eventbriteOrder);
    refunded.status = "refunded";
    refunded.changed = "2027-02-05T09:00:00Z";
    const result = event(parseEventbriteOrder(refunded));
    expect(result).toMatchObject({
      kind: "refund",
      lines: [
        { externalSku: "2233445566", quantity: 2 },
        { externalSku: "2233445577", quantity: 1 },
      ],
      occurredAt: new Date("2027-02-05T09:00:00Z"),
    });
    expect(result.refunds?.at(-1)).toEqual({ key: "eventbrite:order:4918273645", lines: [], all: true });
    const deleted = copy(eventbriteOrder);
    deleted.status = "deleted";
    expect(event(parseEventbriteOrder(deleted)).kind).toBe("cancel");
    const started = copy(eventbriteOrder);
    started.status = "started";
    expect(parseEventbriteOrder(started)).toEqual({ status: "ignored", reason: "Eventbrite order 4918273645 is started" });
    expect(parseEventbriteOrder({ id: "1" })).toMatchObject({ status: "invalid" });
  });
});

describe("manual", () => {
  it("turns a validated row into the same shape", () => {
    expect(
      normalizeManualOrder({ orderId: "M-1", email: "a@example.com", name: "A", ticketType: "GA", quantity: 2, amount: 500, currency: "EUR" }),
    ).toEqual({
      retailer: "manual",
      externalOrderId: "M-1",
      kind: "order",
      buyerEmail: "a@example.com",
      buyerName: "A",
      lines: [{ externalSku: "GA", quantity: 2 }],
      amount: 500,
      currency: "EUR",
    });
  });
});
