import { ORDER_STATUSES, RETAILERS, WEBHOOK_RETAILERS } from "@greenroom/db/webapp/values";
import { z } from "zod";
import { ORDER_CAPS, UNITS_PER_LINE_MESSAGE } from "../caps";
import { Id, OptionalId } from "../ids";

/** Largest quantity on one order line: tickets are issued per unit, in one statement. */
export const MAX_LINE_QUANTITY = 10_000;
/** Most lines on one order. */
export const MAX_ORDER_LINES = 100;
/** The largest raw payload kept in an order's body (it is stored as JSON text). */
export const MAX_RAW_CHARS = 200_000;

export const Retailer = z.enum(RETAILERS);
export const ORDER_KINDS = ["order", "refund", "cancel"] as const;
export { ORDER_STATUSES };

const Sku = z.string().trim().min(1).max(200);
const Email = z.string().trim().toLowerCase().max(254).pipe(z.email("Not a valid email address"));

export const OrderLine = z.object({
  externalSku: Sku,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
  title: z.string().trim().max(300).optional(),
});

/**
 * What one signed refund took back: a key the same for every delivery of it (it counts once), the units per SKU
 * (none: a money-only refund, which changes no access), or `all` of the order.
 */
export const OrderRefund = z.object({
  key: z.string().trim().min(1).max(200),
  lines: z.array(OrderLine).max(MAX_ORDER_LINES).default([]),
  all: z.boolean().default(false),
  amount: z.number().int().nonnegative().optional(),
  currency: z.string().trim().length(3).toUpperCase().optional(),
});

/**
 * A retailer's order event, normalized (see commerce/retailer-payloads): an order, a refund or a cancellation of
 * one external order of one event. Refunds and cancellations may know little more than the order id.
 */
export const OrderEvent = z.object({
  retailer: Retailer,
  eventId: Id,
  externalOrderId: z.string().trim().min(1).max(200),
  kind: z.enum(ORDER_KINDS),
  buyerEmail: Email.optional(),
  buyerName: z.string().trim().max(200).optional(),
  lines: z.array(OrderLine).max(MAX_ORDER_LINES).default([]),
  amount: z.number().int().nonnegative().optional(),
  currency: z.string().trim().length(3).toUpperCase().optional(),
  /** Refunds this event proves (a refund without any is a refund of the whole order). */
  refunds: z.array(OrderRefund).max(MAX_ORDER_LINES).optional(),
  raw: z.unknown().optional(),
});
export type OrderEventInput = z.input<typeof OrderEvent>;

/** Machine ingestion: the account the event belongs to (the endpoint proved it), and the retailer's delivery id. */
export const IngestOrderInput = z.object({
  accountId: Id,
  deliveryId: z.string().trim().min(1).max(200).optional(),
  order: OrderEvent,
  /** Webhooks: write the connection's "last delivery" line (200 and the order's state) in the same batch. */
  recordDelivery: z.boolean().default(false),
});

/** A price typed by the organizer ("25", "25.00", "1,234.5"), kept as text until the currency is known. */
const Price = z.preprocess(
  (v) => (typeof v === "string" ? v.replaceAll(",", "").trim() || undefined : v),
  z.string().regex(/^\d{1,9}(\.\d{1,3})?$/, "A price such as 25 or 25.00").optional(),
);

export const MapSkuInput = z
  .object({
    eventId: Id,
    retailer: Retailer,
    externalSku: Sku,
    ticketTypeId: Id,
    /** The price of one unit: a Stripe order that paid another amount than price × quantity is held. */
    unitPrice: Price,
    currency: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().length(3, "A 3-letter currency code").toUpperCase().optional()),
  })
  .superRefine((data, ctx) => {
    if (data.unitPrice !== undefined && !data.currency) ctx.addIssue({ code: "custom", path: ["currency"], message: "Say the price's currency" });
  });

export const ReleaseOrderHoldInput = z.object({ eventId: Id, orderId: Id });

export const LinkRetailerEventInput = z.object({
  eventId: Id,
  retailer: z.literal("eventbrite"),
  externalEventId: z.string().trim().regex(/^\d{1,30}$/, "The number in your Eventbrite event's URL"),
});

export const WebhookRetailer = z.enum(WEBHOOK_RETAILERS);
export type WebhookRetailer = z.infer<typeof WebhookRetailer>;

export const SaveRetailerConnectionInput = z
  .object({
    eventId: Id,
    retailer: WebhookRetailer,
    secret: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.string().trim().min(8, "At least 8 characters").max(500, "At most 500 characters").optional(),
    ),
    apiToken: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.string().trim().min(8, "At least 8 characters").max(500, "At most 500 characters").optional(),
    ),
  })
  .superRefine((data, ctx) => {
    // Eventbrite does not sign its webhooks: the order is fetched with the organizer's token instead.
    if (data.retailer === "eventbrite" && !data.apiToken) {
      ctx.addIssue({ code: "custom", path: ["apiToken"], message: "Eventbrite needs the organizer's private API token" });
    }
    if (data.retailer !== "eventbrite" && !data.secret) {
      ctx.addIssue({ code: "custom", path: ["secret"], message: "Paste the webhook signing secret" });
    }
  });

/** A form checkbox: checked posts "on"; unchecked posts nothing. */
const Checkbox = z.preprocess((v) => v === true || v === "on" || v === "1" || v === "true", z.boolean());
/** Where the links in a buyer's mail point (the app's public origin); only needed when buyers are mailed. */
const MailBaseUrl = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin).optional(),
);

export const CreateManualOrderInput = z.object({
  eventId: Id,
  orderId: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(1).max(100).optional()),
  email: Email,
  name: z.string().trim().min(1, "Required").max(200),
  ticketTypeId: Id,
  quantity: z.coerce.number().int("A whole number").min(1, "At least 1").max(ORDER_CAPS.unitsPerLine, UNITS_PER_LINE_MESSAGE),
  /** "Issue beyond capacity": the organizer's explicit override of the ticket type's capacity. */
  beyondCapacity: Checkbox.default(false),
  /** Mail the buyer their tickets. */
  mailBuyers: Checkbox.default(false),
  baseUrl: MailBaseUrl,
});

export const CsvImportInput = z.object({
  eventId: Id,
  beyondCapacity: Checkbox.default(false),
  mailBuyers: Checkbox.default(false),
  baseUrl: MailBaseUrl,
  csv: z.string().max(1024 * 1024, "The file is larger than 1024 KiB"),
  /** First data row index (0-based, among the valid rows) of this chunk. */
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const OrdersPageInput = z.object({
  eventId: Id,
  retailer: z.preprocess((v) => (v === "" ? undefined : v), Retailer.optional()),
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(ORDER_STATUSES).optional()),
  ticketTypeId: OptionalId,
  needsMapping: z.preprocess((v) => v === "1" || v === "true" || v === true, z.boolean()).default(false),
  /** Keyset cursor: `<createdAt seconds>.<id>` of the last row of the previous page. */
  after: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^\d{1,12}\.[A-Za-z0-9_-]{1,64}$/).optional()),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const OrderDetailInput = z.object({ eventId: Id, orderId: Id });
export const EventOrdersInput = z.object({ eventId: Id });
