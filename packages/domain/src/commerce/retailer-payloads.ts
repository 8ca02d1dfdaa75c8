// What ingestion needs from each retailer's webhook payload, normalized to one shape. Schemas are loose: retailers add
// fields all the time, so only the fields read here are checked and everything else passes through untouched (the
// raw body is stored as it came). Amounts are integers in the currency's minor unit; currencies are upper case.
//
// Only what the retailer signed decides (see docs/architecture.md, "Orders, webhooks and SKU mappings"):
//   stripe      the event body (HMAC over it): the event type and the object;
//   shopify     the body only (HMAC over it); the X-Shopify-Topic header is NOT covered by the HMAC, so the body's
//               shape decides: a refund object (order_id + refund_line_items) is a refund, an order with a non-null
//               cancelled_at a cancellation, any other order an order;
//   eventbrite  nothing of the (unsigned) notification but the order id to fetch: the order fetched from the API
//               with the organizer's token decides, by its status and its attendees' refunded/cancelled flags.
//
// Order keys (externalOrderId), chosen so that a refund finds its order even when it arrives first:
//   stripe      the PaymentIntent id (pi_…) when the session has one, else the Checkout Session id (cs_…): a
//               charge.refunded event only carries the charge's payment_intent.
//   shopify     the order id; refunds/create carries it as order_id.
//   eventbrite  the order id, taken from the webhook's api_url and confirmed by the fetched order.
//   manual      the CSV's or the form's order_id.
//
// Stripe line items: a webhook's Checkout Session carries no line_items (they must be fetched or expanded), so the
// SKU is read, in this order, from what the organizer configured (never from client_reference_id, which a buyer can
// set in a Payment Link's URL):
//   1. metadata.greenroom_sku (+ metadata.greenroom_quantity, default 1), set on the Session or Payment Link;
//   2. line_items.data[] when present (the Session was expanded): the Price's product id (prod_…), else its id.
// With none of them the order has no lines: it is stored and shown as needing a mapping.
//
// Refunds carry `refund`: a key that is the same for every delivery of that refund (so it counts once), the units
// it took back per SKU, and `all` when it closes the whole order. A refund with no units is money only: no access
// changes.
import type { Retailer } from "@greenroom/db/webapp/values";
import { z } from "zod";
import type { ManualOrderRow } from "./csv-orders";
import { normalizeCurrency, toMinorUnits } from "./money";

export type { Retailer };
export type RetailerEventKind = "order" | "refund" | "cancel";
export type NormalizedLine = { externalSku: string; quantity: number; title?: string };

export type NormalizedRetailerEvent = {
  retailer: Retailer;
  externalOrderId: string;
  kind: RetailerEventKind;
  buyerEmail?: string;
  buyerName?: string;
  lines: NormalizedLine[];
  amount?: number;
  currency?: string;
  occurredAt?: Date;
  /** The retailer's id of this notification when it has one in the body (Stripe's evt_…), for deduplication. */
  externalEventId?: string;
  /** What refunds took back: units per SKU, or `all` of the order; no units and not `all` is a money-only refund. */
  refunds?: NormalizedRefund[];
  /** Eventbrite: the Eventbrite event the fetched order belongs to (it must be the one this Greenroom event sells). */
  retailerEventId?: string;
};

export type NormalizedRefund = { key: string; lines: NormalizedLine[]; all: boolean; amount?: number; currency?: string };

/** `ignored`: a well-formed payload ingestion has nothing to do with (another event type, an unpaid session). */
export type RetailerParseResult =
  | { status: "ok"; event: NormalizedRetailerEvent }
  | { status: "ignored"; reason: string }
  | { status: "invalid"; message: string };

const MAX_QUANTITY = 10_000;
const ok = (event: NormalizedRetailerEvent): RetailerParseResult => ({ status: "ok", event });
const ignored = (reason: string): RetailerParseResult => ({ status: "ignored", reason });

/** The first issue of a failed parse, as "path: message". */
function issueMessage(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join(".") || "body"}: ${first.message}` : "Invalid payload";
}
const invalid = (error: z.ZodError) => ({ status: "invalid", message: issueMessage(error) }) as const;

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish();
const quantity = z.number().int().min(1).max(MAX_QUANTITY);
/** Shopify and Eventbrite ids: JSON numbers or numeric strings, kept as strings. */
const numericId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,30}$/)]).transform(String);

/** A buyer email when it is one, lower-cased; a malformed one is dropped rather than failing the order. */
function email(value: string | null | undefined): string | undefined {
  const parsed = z.email().safeParse(value?.trim().toLowerCase());
  return parsed.success ? parsed.data : undefined;
}

function name(...candidates: (string | null | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    const trimmed = candidate?.trim();
    if (trimmed) return trimmed.slice(0, 200);
  }
  return undefined;
}

function date(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** `{ [key]: value }`, or `{}` when there is no value: optional fields stay absent rather than undefined. */
function optional<K extends string, V>(value: V | null | undefined, key: K): { [P in K]?: V } {
  return value === undefined || value === null ? {} : ({ [key]: value } as { [P in K]?: V });
}

// ---------------------------------------------------------------------------------------------------------------- Stripe

const StripeExpandable = z.union([z.string().min(1), z.looseObject({ id: z.string().min(1) })]);
const stripeId = (value: z.infer<typeof StripeExpandable>) => (typeof value === "string" ? value : value.id);

const StripeCheckoutSession = z.looseObject({
  id: z.string().startsWith("cs_"),
  amount_total: nullish(z.number().int().nonnegative()),
  currency: nullish(z.string()),
  client_reference_id: nullish(z.string()),
  customer_email: nullish(z.string()),
  customer_details: nullish(z.looseObject({ email: nullish(z.string()), name: nullish(z.string()) })),
  metadata: nullish(z.record(z.string(), z.string())),
  payment_intent: nullish(StripeExpandable),
  payment_status: z.string(),
  line_items: nullish(
    z.looseObject({
      data: z.array(
        z.looseObject({
          description: nullish(z.string()),
          quantity: nullish(quantity),
          price: nullish(z.looseObject({ id: z.string().min(1), product: nullish(StripeExpandable) })),
        }),
      ),
    }),
  ),
});

const StripeCharge = z.looseObject({
  id: z.string().startsWith("ch_"),
  amount: z.number().int().nonnegative(),
  amount_refunded: z.number().int().nonnegative(),
  currency: z.string(),
  refunded: z.boolean(),
  payment_intent: nullish(StripeExpandable),
  receipt_email: nullish(z.string()),
  billing_details: nullish(z.looseObject({ email: nullish(z.string()), name: nullish(z.string()) })),
});

const StripeEvent = z.looseObject({
  id: z.string().startsWith("evt_"),
  type: z.string(),
  created: z.number().int().nonnegative(),
  data: z.looseObject({ object: z.unknown() }),
});

function stripeSessionLines(session: z.infer<typeof StripeCheckoutSession>): NormalizedLine[] | { error: string } {
  const sku = session.metadata?.greenroom_sku?.trim();
  if (sku) {
    const rawQuantity = session.metadata?.greenroom_quantity?.trim() ?? "1";
    const parsed = /^\d{1,5}$/.test(rawQuantity) ? Number(rawQuantity) : Number.NaN;
    if (!quantity.safeParse(parsed).success) return { error: "metadata.greenroom_quantity: not a whole number from 1" };
    return [{ externalSku: sku, quantity: parsed }];
  }
  if (session.line_items && session.line_items.data.length > 0) {
    const lines: NormalizedLine[] = [];
    for (const item of session.line_items.data) {
      if (!item.price) continue;
      lines.push({
        externalSku: item.price.product ? stripeId(item.price.product) : item.price.id,
        quantity: item.quantity ?? 1,
        ...optional(name(item.description), "title"),
      });
    }
    return lines;
  }
  // client_reference_id is never read: a buyer sets it in a Payment Link's URL.
  return [];
}

/**
 * A verified Stripe event body (parsed JSON). Handles `checkout.session.completed` and
 * `checkout.session.async_payment_succeeded` (orders; an unpaid session is ignored until it is paid) and
 * `charge.refunded` (refunds). Other types are ignored.
 */
export function parseStripeEvent(body: unknown): RetailerParseResult {
  const envelope = StripeEvent.safeParse(body);
  if (!envelope.success) return invalid(envelope.error);
  const { id: eventId, type, created } = envelope.data;
  const occurredAt = new Date(created * 1000);

  if (type === "checkout.session.completed" || type === "checkout.session.async_payment_succeeded") {
    const parsed = StripeCheckoutSession.safeParse(envelope.data.data.object);
    if (!parsed.success) return invalid(parsed.error);
    const session = parsed.data;
    if (session.payment_status !== "paid" && session.payment_status !== "no_payment_required") {
      return ignored(`checkout session ${session.id} is ${session.payment_status}`);
    }
    const lines = stripeSessionLines(session);
    if ("error" in lines) return { status: "invalid", message: lines.error };
    const currency = session.currency ? normalizeCurrency(session.currency) : null;
    return ok({
      retailer: "stripe",
      externalOrderId: session.payment_intent ? stripeId(session.payment_intent) : session.id,
      kind: "order",
      ...optional(email(session.customer_details?.email ?? session.customer_email), "buyerEmail"),
      ...optional(name(session.customer_details?.name), "buyerName"),
      lines,
      ...optional(session.amount_total, "amount"),
      ...optional(currency, "currency"),
      occurredAt,
      externalEventId: eventId,
    });
  }

  if (type === "charge.refunded") {
    const parsed = StripeCharge.safeParse(envelope.data.data.object);
    if (!parsed.success) return invalid(parsed.error);
    const charge = parsed.data;
    const all = charge.refunded || charge.amount_refunded >= charge.amount;
    const currency = normalizeCurrency(charge.currency);
    return ok({
      retailer: "stripe",
      externalOrderId: charge.payment_intent ? stripeId(charge.payment_intent) : charge.id,
      kind: "refund",
      ...optional(email(charge.billing_details?.email ?? charge.receipt_email), "buyerEmail"),
      ...optional(name(charge.billing_details?.name), "buyerName"),
      lines: [],
      amount: charge.amount_refunded,
      ...optional(currency, "currency"),
      occurredAt,
      externalEventId: eventId,
      // amount_refunded is the charge's running total: one key per total, so each further partial refund is its own
      // entry and a redelivery of the same one is not. A Stripe refund names no units: in full it closes the order,
      // partly it is money only (tickets kept).
      refunds: [{
        key: `stripe:${charge.id}:${charge.amount_refunded}`,
        lines: [],
        all,
        amount: charge.amount_refunded,
        ...optional(currency, "currency"),
      }],
    });
  }
  return ignored(`Stripe event type ${type}`);
}

// --------------------------------------------------------------------------------------------------------------- Shopify

const ShopifyLineItem = z.looseObject({
  product_id: nullish(numericId),
  variant_id: nullish(numericId),
  sku: nullish(z.string()),
  quantity: z.number().int().min(0).max(MAX_QUANTITY),
  title: nullish(z.string()),
  name: nullish(z.string()),
});

const ShopifyOrder = z.looseObject({
  id: numericId,
  email: nullish(z.string()),
  contact_email: nullish(z.string()),
  created_at: nullish(z.string()),
  cancelled_at: nullish(z.string()),
  currency: nullish(z.string()),
  total_price: nullish(z.string()),
  customer: nullish(
    z.looseObject({ email: nullish(z.string()), first_name: nullish(z.string()), last_name: nullish(z.string()) }),
  ),
  billing_address: nullish(z.looseObject({ name: nullish(z.string()) })),
  line_items: z.array(ShopifyLineItem),
});

const ShopifyRefund = z.looseObject({
  id: numericId,
  order_id: numericId,
  created_at: nullish(z.string()),
  refund_line_items: z.array(z.looseObject({ quantity: z.number().int().min(0).max(MAX_QUANTITY), line_item: ShopifyLineItem })),
  transactions: nullish(
    z.array(z.looseObject({ amount: z.string(), currency: nullish(z.string()), kind: z.string(), status: z.string() })),
  ),
});

/** Shopify's SKU when the merchant set one, else the variant id, else the product id. */
function shopifyLine(item: z.infer<typeof ShopifyLineItem>, itemQuantity: number): NormalizedLine | null {
  const sku = item.sku?.trim() || item.variant_id || item.product_id;
  if (!sku || itemQuantity < 1) return null;
  return { externalSku: sku, quantity: itemQuantity, ...optional(name(item.name, item.title), "title") };
}

const SHOPIFY_ORDER_TOPICS = new Set(["orders/create", "orders/paid", "orders/updated", "orders/cancelled", "refunds/create"]);

/**
 * A verified Shopify webhook body. The topic header is not signed, so it only filters (other topics are ignored);
 * what happens is decided by the signed body: a refund object (`order_id` and `refund_line_items`) is a refund of
 * exactly its units (none: money only), an order with a non-null `cancelled_at` is a cancellation, and any other
 * order is an order, whatever topic it came with.
 */
export function parseShopifyWebhook(topic: string, body: unknown): RetailerParseResult {
  if (!SHOPIFY_ORDER_TOPICS.has(topic)) return ignored(`Shopify topic ${topic}`);
  const isRefund = typeof body === "object" && body !== null && "refund_line_items" in body && "order_id" in body;
  if (isRefund) {
    const parsed = ShopifyRefund.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const refund = parsed.data;
    const done = (refund.transactions ?? []).filter((t) => t.kind === "refund" && t.status === "success");
    const currency = done[0]?.currency ? normalizeCurrency(done[0].currency) : null;
    let amount: number | null = currency ? 0 : null;
    for (const transaction of done) {
      const minor = currency ? toMinorUnits(transaction.amount, currency) : null;
      amount = amount === null || minor === null ? null : amount + minor;
    }
    const lines = refund.refund_line_items.flatMap((item) => shopifyLine(item.line_item, item.quantity) ?? []);
    const paid = done.length > 0 ? amount : null;
    return ok({
      retailer: "shopify",
      externalOrderId: refund.order_id,
      kind: "refund",
      lines: [],
      ...optional(paid, "amount"),
      ...optional(currency, "currency"),
      ...optional(date(refund.created_at), "occurredAt"),
      refunds: [{ key: `shopify:${refund.id}`, lines, all: false, ...optional(paid, "amount"), ...optional(currency, "currency") }],
    });
  }
  const parsed = ShopifyOrder.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const order = parsed.data;
  const cancel = !!order.cancelled_at?.trim();
  const currency = order.currency ? normalizeCurrency(order.currency) : null;
  const amount = currency && order.total_price ? toMinorUnits(order.total_price, currency) : null;
  const customerName = [order.customer?.first_name, order.customer?.last_name].filter(Boolean).join(" ");
  return ok({
    retailer: "shopify",
    externalOrderId: order.id,
    kind: cancel ? "cancel" : "order",
    ...optional(email(order.email || order.contact_email || order.customer?.email), "buyerEmail"),
    ...optional(name(order.billing_address?.name, customerName), "buyerName"),
    lines: order.line_items.flatMap((item) => shopifyLine(item, item.quantity) ?? []),
    ...optional(amount, "amount"),
    ...optional(currency, "currency"),
    ...optional(date(cancel ? (order.cancelled_at ?? order.created_at) : order.created_at), "occurredAt"),
  });
}

// ------------------------------------------------------------------------------------------------------------ Eventbrite

const EventbriteWebhook = z.looseObject({
  api_url: z.string().max(2000),
  config: z.looseObject({ action: z.string(), webhook_id: nullish(z.string()), user_id: nullish(z.string()) }),
});

export type EventbriteNotification =
  | { status: "ok"; action: "order.placed" | "order.refunded" | "order.updated"; orderId: string }
  | { status: "ignored"; reason: string }
  | { status: "invalid"; message: string };

const EVENTBRITE_ACTIONS = new Set(["order.placed", "order.refunded", "order.updated"]);

/**
 * An Eventbrite webhook body: only `{ config: { action }, api_url }`. Returns the order id read from api_url's path
 * (`…/v3/orders/<id>/`); the host of api_url is never used, see eventbriteOrderUrl.
 */
export function parseEventbriteWebhook(body: unknown): EventbriteNotification {
  const parsed = EventbriteWebhook.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const { action } = parsed.data.config;
  if (!EVENTBRITE_ACTIONS.has(action)) return { status: "ignored", reason: `Eventbrite action ${action}` };
  let path: string;
  try {
    path = new URL(parsed.data.api_url).pathname;
  } catch {
    return { status: "invalid", message: "api_url: not a URL" };
  }
  const match = /^\/v3\/orders\/(\d{1,30})\/?$/.exec(path);
  if (!match?.[1]) return { status: "invalid", message: "api_url: not an order URL" };
  return { status: "ok", action: action as "order.placed" | "order.refunded" | "order.updated", orderId: match[1] };
}

/**
 * The URL to fetch an order (with its attendees) from: the configured API base (e.g. https://www.eventbriteapi.com,
 * or a local server in tests) plus the order id, never a host taken from the payload.
 */
export function eventbriteOrderUrl(apiBase: string, orderId: string): string {
  if (!/^\d{1,30}$/.test(orderId)) throw new RangeError("Not an Eventbrite order id");
  const base = new URL(apiBase);
  return new URL(`${base.pathname.replace(/\/+$/, "")}/v3/orders/${orderId}/?expand=attendees`, base).href;
}

const EventbriteOrder = z.looseObject({
  id: numericId,
  event_id: nullish(numericId),
  created: nullish(z.string()),
  changed: nullish(z.string()),
  name: nullish(z.string()),
  first_name: nullish(z.string()),
  last_name: nullish(z.string()),
  email: nullish(z.string()),
  status: z.string(),
  costs: nullish(z.looseObject({ gross: nullish(z.looseObject({ currency: z.string(), value: z.number().int().nonnegative() })) })),
  attendees: nullish(
    z.array(
      z.looseObject({
        id: nullish(numericId),
        ticket_class_id: numericId,
        ticket_class_name: nullish(z.string()),
        quantity: nullish(quantity),
        cancelled: nullish(z.boolean()),
        refunded: nullish(z.boolean()),
      }),
    ),
  ),
});

/** Order statuses that are not (yet) a sale: nothing to take in. */
const EVENTBRITE_UNPAID = new Set(["started", "pending", "abandoned", "unpaid", "reserved"]);

/**
 * An Eventbrite order resource as fetched with the organizer's token after a notification: the only thing that
 * decides (the notification is unsigned, its action is not read). Status "refunded" refunds the whole order,
 * "deleted"/"cancelled" cancels it, an unpaid status is ignored, anything else ("placed") is the order. Lines group
 * every attendee by ticket class; each attendee flagged refunded or cancelled is a refund of its own units (keyed by
 * the attendee, so fetching the order again counts it once), and the others keep their tickets.
 */
export function parseEventbriteOrder(body: unknown): RetailerParseResult {
  const parsed = EventbriteOrder.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const order = parsed.data;
  const status = order.status.toLowerCase();
  if (EVENTBRITE_UNPAID.has(status)) return ignored(`Eventbrite order ${order.id} is ${status}`);
  const kind: RetailerEventKind = status === "refunded" ? "refund" : status === "deleted" || status === "cancelled" ? "cancel" : "order";
  const byClass = new Map<string, NormalizedLine>();
  const refunds: NormalizedRefund[] = [];
  for (const [index, attendee] of (order.attendees ?? []).entries()) {
    const units = attendee.quantity ?? 1;
    const line = byClass.get(attendee.ticket_class_id);
    if (line) line.quantity += units;
    else {
      byClass.set(attendee.ticket_class_id, {
        externalSku: attendee.ticket_class_id,
        quantity: units,
        ...optional(name(attendee.ticket_class_name), "title"),
      });
    }
    if (attendee.refunded || attendee.cancelled) {
      refunds.push({
        key: `eventbrite:attendee:${attendee.id ?? `${attendee.ticket_class_id}.${index}`}`,
        lines: [{ externalSku: attendee.ticket_class_id, quantity: units }],
        all: false,
      });
    }
  }
  if (kind === "refund") refunds.push({ key: `eventbrite:order:${order.id}`, lines: [], all: true });
  const gross = order.costs?.gross;
  const currency = gross ? normalizeCurrency(gross.currency) : null;
  return ok({
    retailer: "eventbrite",
    externalOrderId: order.id,
    kind,
    ...optional(email(order.email), "buyerEmail"),
    ...optional(name(order.name, [order.first_name, order.last_name].filter(Boolean).join(" ")), "buyerName"),
    lines: [...byClass.values()],
    ...optional(currency ? gross?.value : null, "amount"),
    ...optional(currency, "currency"),
    ...optional(date(kind === "order" ? order.created : (order.changed ?? order.created)), "occurredAt"),
    ...(refunds.length > 0 ? { refunds } : {}),
    ...optional(order.event_id, "retailerEventId"),
  });
}

// ---------------------------------------------------------------------------------------------------------------- manual

/** A validated manual order (CSV row or form) in the same shape; ticket_type becomes the line's SKU. */
export function normalizeManualOrder(row: Omit<ManualOrderRow, "line">): NormalizedRetailerEvent {
  return {
    retailer: "manual",
    externalOrderId: row.orderId,
    kind: "order",
    buyerEmail: row.email,
    buyerName: row.name,
    lines: [{ externalSku: row.ticketType, quantity: row.quantity }],
    ...optional(row.amount, "amount"),
    ...optional(row.currency, "currency"),
  };
}
