import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { createManualOrder, listTicketTypesForOrders, refundManualOrder } from "@greenroom/domain/orders";
import { orderDetailPage, ordersPage } from "@greenroom/domain/pages";
import { createTicketType } from "@greenroom/domain/tickets";
import { requireScope } from "../auth";
import type { ApiEnv } from "../context";
import { body, json, originOf, problems, security } from "./shared";

const EventPath = z.object({ eventId: z.string().min(1).max(64) });
const WallTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).describe("Wall-clock time in the event's time zone");

const TicketTypeOut = z.object({ id: z.string(), name: z.string(), issued: z.number().int().optional(), capacity: z.number().int().nullable().optional() });
const CreateTicketTypeBody = z.object({
  name: z.string().min(1).max(80),
  priceLabel: z.string().max(40).optional(),
  free: z.boolean().optional().describe("Free tickets can be registered for on the public page"),
  capacity: z.number().int().min(1).max(1_000_000).optional(),
  salesStartAt: WallTime.optional(),
  salesEndAt: WallTime.optional(),
  roomIds: z.array(z.string().min(1).max(64)).min(1).max(50).describe("The rooms a ticket of this type opens"),
});

const Order = z.object({
  id: z.string(),
  retailer: z.string(),
  status: z.string(),
  externalOrderId: z.string(),
  buyerEmail: z.string().nullable(),
  buyerName: z.string().nullable(),
  amount: z.number().nullable().describe("In the currency's minor unit"),
  currency: z.string().nullable(),
  tickets: z.number().int(),
  needsMapping: z.boolean(),
  held: z.boolean(),
  createdAt: z.string(),
  url: z.string(),
});
const OrderDetail = z.object({
  id: z.string(),
  retailer: z.string(),
  status: z.string(),
  externalOrderId: z.string().nullable(),
  buyerEmail: z.string().nullable(),
  tickets: z.array(z.object({ id: z.string(), holderEmail: z.string(), status: z.string(), ticketTypeName: z.string(), checkedInAt: z.string().nullable() })),
  refunds: z.array(z.object({ at: z.string().nullable(), summary: z.string() })),
  url: z.string(),
});
const ManualOrderBody = z.object({
  email: z.string().email().max(254),
  name: z.string().min(1).max(200),
  ticketTypeId: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(100),
  orderId: z.string().min(1).max(100).optional().describe("Your own order reference; sending it again changes nothing"),
  mailBuyer: z.boolean().optional(),
});

export function commerceRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/ticket-types",
      summary: "List ticket types",
      security,
      request: { params: EventPath },
      responses: { 200: json(z.object({ data: z.array(TicketTypeOut) }), "The event's ticket types"), ...problems },
    }),
    async (c) => {
      requireScope(c, "orders:read");
      const types = await listTicketTypesForOrders({ ctx: c.get("ctx"), input: c.req.valid("param") });
      return c.json({ data: types.map((t) => ({ id: t.id, name: t.name, issued: t.issued, capacity: t.capacity ?? null })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/events/{eventId}/ticket-types",
      summary: "Add a ticket type",
      security,
      request: { params: EventPath, ...body(CreateTicketTypeBody) },
      responses: { 201: json(TicketTypeOut, "The new ticket type"), ...problems },
    }),
    async (c) => {
      requireScope(c, "orders:write");
      const input = c.req.valid("json");
      const type = await createTicketType({
        ctx: c.get("ctx"),
        input: { ...input, capacity: input.capacity ?? undefined, free: input.free ? "on" : undefined, eventId: c.req.valid("param").eventId },
      });
      return c.json({ id: type.id, name: type.name, issued: type.issued, capacity: type.capacity }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/orders",
      summary: "List orders",
      description: "Newest first, by keyset pages: pass nextCursor as cursor.",
      security,
      request: {
        params: EventPath,
        query: z.object({
          status: z.string().max(20).optional(),
          retailer: z.string().max(20).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
      },
      responses: { 200: json(z.object({ data: z.array(Order), nextCursor: z.string().nullable() }), "A page of orders"), ...problems },
    }),
    async (c) => {
      requireScope(c, "orders:read");
      const { eventId } = c.req.valid("param");
      const q = c.req.valid("query");
      const page = await ordersPage({ ctx: c.get("ctx"), input: { eventId, status: q.status, retailer: q.retailer, after: q.cursor, limit: q.limit } });
      const origin = originOf(c.req.url);
      const data = page.entries.map((o) => ({
        id: o.id,
        retailer: o.retailer,
        status: o.status,
        externalOrderId: o.externalOrderId,
        buyerEmail: o.buyerEmail,
        buyerName: o.buyerName,
        amount: o.amount,
        currency: o.currency,
        tickets: o.tickets,
        needsMapping: o.needsMapping,
        held: o.held,
        createdAt: o.createdAt.toISOString(),
        url: `${origin}/api/v1/events/${eventId}/orders/${o.id}`,
      }));
      return c.json({ data, nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/events/{eventId}/orders/{orderId}",
      summary: "Get an order",
      description: "The order with its tickets and what each refund did.",
      security,
      request: { params: EventPath.extend({ orderId: z.string().min(1).max(64) }) },
      responses: { 200: json(OrderDetail, "The order"), ...problems },
    }),
    async (c) => {
      requireScope(c, "orders:read");
      const params = c.req.valid("param");
      const detail = await orderDetailPage({ ctx: c.get("ctx"), input: params });
      const o = detail.order;
      return c.json(
        {
          id: o.id,
          retailer: o.retailer,
          status: o.status,
          externalOrderId: o.externalOrderId,
          buyerEmail: o.buyerEmail,
          tickets: detail.tickets.map((t) => ({ ...t, checkedInAt: t.checkedInAt?.toISOString() ?? null })),
          refunds: detail.refunds.map((r) => ({ at: r.at?.toISOString() ?? null, summary: r.summary })),
          url: `${originOf(c.req.url)}/api/v1/events/${params.eventId}/orders/${o.id}`,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/events/{eventId}/orders",
      summary: "Create a manual order",
      description: "Issues tickets of one type to a buyer (comps, invoices paid elsewhere). Idempotent by orderId.",
      security,
      request: { params: EventPath, ...body(ManualOrderBody) },
      responses: {
        201: json(z.object({ id: z.string().nullable(), externalOrderId: z.string(), created: z.boolean(), mailed: z.boolean() }), "The order"),
        ...problems,
      },
    }),
    async (c) => {
      requireScope(c, "orders:write");
      const { mailBuyer, ...input } = c.req.valid("json");
      const made = await createManualOrder({
        ctx: c.get("ctx"),
        input: { ...input, eventId: c.req.valid("param").eventId, mailBuyers: mailBuyer ? "on" : undefined, baseUrl: originOf(c.req.url) },
      });
      return c.json({ id: made.orderId, externalOrderId: made.externalOrderId, created: made.created, mailed: made.mailed }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/events/{eventId}/orders/{orderId}/refund",
      summary: "Refund a manual order",
      description:
        "The whole order, or some units per ticket type. Only the refunded units lose their access. A retailer's order is refunded at the retailer (409): Greenroom follows its signed refund. The Idempotency-Key, when sent, is also the refund's key.",
      security,
      request: {
        params: EventPath.extend({ orderId: z.string().min(1).max(64) }),
        ...body(z.object({ lines: z.array(z.object({ ticketTypeId: z.string().min(1).max(64), quantity: z.number().int().min(1) })).min(1).max(50).optional() })),
      },
      responses: { 200: json(z.object({ id: z.string(), status: z.string() }), "The order after the refund"), ...problems },
    }),
    async (c) => {
      requireScope(c, "orders:write");
      const result = await refundManualOrder({
        ctx: c.get("ctx"),
        input: { ...c.req.valid("param"), lines: c.req.valid("json").lines, requestKey: c.req.header("idempotency-key") },
      });
      return c.json({ id: result.orderId, status: result.status }, 200);
    },
  );
}
