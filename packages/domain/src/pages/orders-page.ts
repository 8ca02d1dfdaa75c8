import { orders, retailerConnections } from "@greenroom/db/webapp/schema";
import { WEBHOOK_RETAILERS, type WebhookRetailer } from "@greenroom/db/webapp/values";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { type Authorized, authorizeAndReadAll, tableRow } from "../access";
import { formatMoney } from "../commerce/money";
import type { Ctx } from "../context";
import type { EventRow, RoomRow } from "../events";
import { notFound, parseInput } from "../errors";
import {
  decodeOrdersCursor,
  encodeOrdersCursor,
  type OrderListEntry,
  type OrderListRow,
  ordersPageQuery,
  toOrderEntry,
} from "../orders/query";
import { OrderDetailInput, OrdersPageInput } from "../orders/schemas";
import { type EventShellRows, eventShell, eventShellQueries } from "./event-shell";

export type OrdersTicketType = { id: string; name: string; issued: number; capacity: number | null };
export type UnmappedSku = { retailer: string; externalSku: string; title: string | null; orders: number; units: number };
export type SalesDay = { day: string; orders: number; tickets: number };
export type ConnectionView = {
  retailer: WebhookRetailer;
  hasSecret: boolean;
  hasApiToken: boolean;
  lastDeliveryAt: Date | null;
  lastDeliveryStatus: number | null;
  lastDeliveryNote: string | null;
};
export type OrdersSummary = {
  orders: number;
  placed: number;
  refunded: number;
  cancelled: number;
  needsMapping: number;
  validTickets: number;
  /** Per currency, the amount in minor units and as shown (`formatMoney`). */
  revenue: { currency: string; amount: number; text: string }[];
};

export type OrdersPageData = {
  access: Authorized;
  event: EventRow;
  rooms: RoomRow[];
  entries: OrderListEntry[];
  nextCursor: string | null;
  ticketTypes: OrdersTicketType[];
  unmapped: UnmappedSku[];
  days: SalesDay[];
  summary: OrdersSummary;
  connections: ConnectionView[];
  /** The Eventbrite event this event sells (its orders are taken in only from that one), if set. */
  eventbriteEventId: string | null;
};

/**
 * The organizer's orders page (/events/:id/orders, `orders.manage`): the event shell, one keyset page of orders
 * with the filters, the ticket types, the SKUs still unmapped, sales per day, totals and the account's retailer
 * connections (never their secrets: only whether one is set), in one batch with the authorization.
 */
export async function ordersPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof OrdersPageInput> }): Promise<OrdersPageData> {
  const data = parseInput(OrdersPageInput, input);
  const { eventId } = data;
  const userId = ctx.actor?.userId ?? "";
  const [access, [eventRows, roomRows, grantRows, rows, typeRows, unmappedRows, dayRows, summaryRows, revenueRows, connectionRows, linkRows]] =
    await authorizeAndReadAll<
      [
        ...EventShellRows,
        OrderListRow[],
        { id: string; name: string; issued: number; capacity: number | null }[],
        { retailer: string; external_sku: string; title: string | null; orders: number; units: number }[],
        { day: string; orders: number; tickets: number }[],
        Record<string, number | null>[],
        { currency: string; amount: number }[],
        Record<string, unknown>[],
        { external_event_id: string }[],
      ]
    >(ctx, "orders.manage", { kind: "event", eventId }, [
      ...eventShellQueries(eventId, userId),
      ordersPageQuery(data, decodeOrdersCursor(data.after), data.limit + 1),
      sql`SELECT id, name, issued, capacity FROM ticket_types WHERE event_id = ${eventId} ORDER BY created_at`,
      sql`SELECT o.retailer, l.external_sku, max(l.title) AS title, count(DISTINCT o.id) AS orders, sum(l.quantity) AS units
          FROM order_lines l JOIN orders o ON o.id = l.order_id
          WHERE l.event_id = ${eventId} AND l.ticket_type_id IS NULL
          GROUP BY o.retailer, l.external_sku ORDER BY orders DESC, l.external_sku LIMIT 100`,
      sql`SELECT day, sum(orders) AS orders, sum(tickets) AS tickets FROM (
            SELECT date(created_at, 'unixepoch') AS day, count(*) AS orders, 0 AS tickets
            FROM orders WHERE event_id = ${eventId} GROUP BY day
            UNION ALL
            SELECT date(created_at, 'unixepoch'), 0, count(*) FROM tickets
            WHERE event_id = ${eventId} AND status = 'valid' GROUP BY 1)
          GROUP BY day ORDER BY day DESC LIMIT 60`,
      sql`SELECT count(*) AS orders, sum(status = 'placed') AS placed, sum(status = 'refunded') AS refunded,
                 sum(status = 'cancelled') AS cancelled, sum(needs_mapping) AS needsMapping,
                 (SELECT count(*) FROM tickets WHERE event_id = ${eventId} AND status = 'valid') AS validTickets
          FROM orders WHERE event_id = ${eventId}`,
      sql`SELECT body ->> '$.currency' AS currency, sum(body ->> '$.amount') AS amount FROM orders
          WHERE event_id = ${eventId} AND status = 'placed' AND body ->> '$.currency' IS NOT NULL GROUP BY 1 ORDER BY 1`,
      sql`SELECT c.* FROM retailer_connections c JOIN events e ON e.id = ${eventId} WHERE c.account_id = e.account_id`,
      sql`SELECT external_event_id FROM retailer_event_links WHERE event_id = ${eventId} AND retailer = 'eventbrite'`,
    ]);
  const shell = eventShell(access, [eventRows, roomRows, grantRows]);
  const entries = rows.slice(0, data.limit);
  const last = entries.at(-1);
  const s = summaryRows[0] ?? {};
  const connections = connectionRows.map((raw) => tableRow(retailerConnections, raw));
  return {
    access,
    ...shell,
    entries: entries.map(toOrderEntry),
    nextCursor: rows.length > data.limit && last ? encodeOrdersCursor({ createdAt: last.created_at, id: last.id }) : null,
    ticketTypes: typeRows,
    unmapped: unmappedRows.map((u) => ({ retailer: u.retailer, externalSku: u.external_sku, title: u.title, orders: u.orders, units: u.units })),
    days: [...dayRows].reverse(),
    summary: {
      orders: s.orders ?? 0,
      placed: s.placed ?? 0,
      refunded: s.refunded ?? 0,
      cancelled: s.cancelled ?? 0,
      needsMapping: s.needsMapping ?? 0,
      validTickets: s.validTickets ?? 0,
      revenue: revenueRows.map((r) => ({ ...r, text: formatMoney(Number(r.amount), r.currency) })),
    },
    connections: WEBHOOK_RETAILERS.map((retailer) => {
      const c = connections.find((x) => x.retailer === retailer);
      return {
        retailer,
        hasSecret: !!c?.sealedSecret,
        hasApiToken: !!c?.sealedApiToken,
        lastDeliveryAt: c?.lastDeliveryAt ?? null,
        lastDeliveryStatus: c?.lastDeliveryStatus ?? null,
        lastDeliveryNote: c?.lastDeliveryNote ?? null,
      };
    }),
    eventbriteEventId: linkRows[0]?.external_event_id ?? null,
  };
}

export type OrderDetail = {
  access: Authorized;
  event: EventRow;
  rooms: RoomRow[];
  order: typeof orders.$inferSelect;
  /** The order's amount as shown (`formatMoney`), or null when it carries none. */
  amountText: string | null;
  lines: { lineNo: number; externalSku: string; title: string | null; quantity: number; ticketTypeId: string | null; ticketTypeName: string | null }[];
  tickets: { id: string; seq: number; holderEmail: string; status: string; ticketTypeName: string; checkedInAt: Date | null }[];
  grants: { id: string; email: string; roomName: string | null; roleId: string; createdAt: Date }[];
  ticketTypes: { id: string; name: string }[];
  /** What each signed refund or cancellation did, oldest first. */
  refunds: RefundView[];
  /** The amount check that holds this order's tickets, if it is held. */
  hold: { expected: number; paid: number | null; currency: string | null; summary: string } | null;
};

export type RefundView = { key: string; at: Date | null; summary: string };

type StoredRefund = { lines?: { quantity: number }[]; all?: boolean; amount?: number; currency?: string; at?: number };

const money = (amount: number, currency: string) => formatMoney(amount, currency);

/** One line per refund in the order's body: what it took back, and what that did to the tickets. */
export function refundViews(body: Record<string, unknown>, status: string): RefundView[] {
  const ordered = body.lines as { quantity: number }[] | undefined;
  const total = (ordered ?? []).reduce((n, l) => n + l.quantity, 0);
  const stored = Object.entries((body.refunds ?? {}) as Record<string, StoredRefund>);
  const views = stored.map(([key, r]) => {
    const paid = r.amount !== undefined && r.currency ? ` (${money(r.amount, r.currency)})` : "";
    const units = (r.lines ?? []).reduce((n, l) => n + l.quantity, 0);
    const summary = r.all
      ? `Refund of the whole order${paid}: every ticket revoked`
      : units > 0
        ? `Refund of ${units} of ${total || units} ticket${(total || units) === 1 ? "" : "s"}${paid}: ${Math.min(units, total || units)} revoked`
        : `Money-only refund${r.amount !== undefined && r.currency ? ` of ${money(r.amount, r.currency)}` : ""}: no change to tickets`;
    return { key, at: r.at ? new Date(r.at * 1000) : null, summary };
  });
  if (status === "cancelled") views.push({ key: "cancel", at: null, summary: "Cancelled by the retailer: every ticket revoked" });
  return views;
}

/**
 * One order of the event (`orders.manage`): its stored body (the raw payload), lines, tickets and the grants its
 * tickets produced (ticket grants of its holders on the rooms its tickets open, once the holder has claimed the
 * ticket by signing in: before that, whether the address has an account is not the organizer's to know), in one batch. An order of another
 * event or tenant is not_found.
 */
export async function orderDetailPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof OrderDetailInput> }): Promise<OrderDetail> {
  const { eventId, orderId } = parseInput(OrderDetailInput, input);
  const userId = ctx.actor?.userId ?? "";
  const [access, [eventRows, roomRows, grantRows, orderRows, lineRows, ticketRows, producedRows, typeRows]] = await authorizeAndReadAll<
    [...EventShellRows, Record<string, unknown>[], Record<string, unknown>[], Record<string, unknown>[], Record<string, unknown>[], { id: string; name: string }[]]
  >(ctx, "orders.manage", { kind: "event", eventId }, [
    ...eventShellQueries(eventId, userId),
    sql`SELECT * FROM orders WHERE id = ${orderId} AND event_id = ${eventId}`,
    sql`SELECT l.line_no, l.external_sku, l.title, l.quantity, l.ticket_type_id, tt.name AS type_name
        FROM order_lines l JOIN orders o ON o.id = l.order_id AND o.event_id = ${eventId}
        LEFT JOIN ticket_types tt ON tt.id = l.ticket_type_id
        WHERE l.order_id = ${orderId} ORDER BY l.line_no`,
    sql`SELECT t.id, t.seq, t.holder_email, t.status, t.checked_in_at, tt.name AS type_name
        FROM tickets t JOIN ticket_types tt ON tt.id = t.ticket_type_id
        WHERE t.order_id = ${orderId} AND t.event_id = ${eventId} ORDER BY t.order_line_id, t.seq LIMIT 500`,
    sql`SELECT g.id, u.email, r.name AS room_name, g.role_id, g.created_at
        FROM access_grants g JOIN users u ON u.id = g.user_id LEFT JOIN rooms r ON r.id = g.room_id
        WHERE g.event_id = ${eventId} AND g.source = 'ticket'
          AND EXISTS (SELECT 1 FROM tickets t JOIN room_access_tickets rat ON rat.ticket_id = t.id
                      WHERE t.order_id = ${orderId} AND t.holder_user_id = g.user_id AND rat.room_id = g.room_id
                        AND t.claimed_at IS NOT NULL)
        ORDER BY g.created_at`,
    sql`SELECT id, name FROM ticket_types WHERE event_id = ${eventId} ORDER BY created_at`,
  ]);
  const shell = eventShell(access, [eventRows, roomRows, grantRows]);
  const raw = orderRows[0];
  if (!raw) throw notFound("Order not found");
  const order = tableRow(orders, raw);
  const money = order.body as { amount?: unknown; currency?: unknown };
  return {
    access,
    ...shell,
    order,
    amountText: typeof money.amount === "number" && typeof money.currency === "string" ? formatMoney(money.amount, money.currency) : null,
    lines: lineRows.map((l) => ({
      lineNo: Number(l.line_no),
      externalSku: String(l.external_sku),
      title: (l.title as string | null) ?? null,
      quantity: Number(l.quantity),
      ticketTypeId: (l.ticket_type_id as string | null) ?? null,
      ticketTypeName: (l.type_name as string | null) ?? null,
    })),
    tickets: ticketRows.map((t) => ({
      id: String(t.id),
      seq: Number(t.seq),
      holderEmail: String(t.holder_email),
      status: String(t.status),
      ticketTypeName: String(t.type_name),
      checkedInAt: t.checked_in_at ? new Date(Number(t.checked_in_at) * 1000) : null,
    })),
    grants: producedRows.map((g) => ({
      id: String(g.id),
      email: String(g.email),
      roomName: (g.room_name as string | null) ?? null,
      roleId: String(g.role_id),
      createdAt: new Date(Number(g.created_at) * 1000),
    })),
    ticketTypes: typeRows,
    refunds: refundViews(raw.body ? (JSON.parse(String(raw.body)) as Record<string, unknown>) : {}, String(raw.status)),
    hold: holdOf(raw),
  };
}

function holdOf(raw: Record<string, unknown>): OrderDetail["hold"] {
  const body = raw.body ? (JSON.parse(String(raw.body)) as { hold?: { expected: number; currency: string | null }; amount?: number }) : {};
  if (!body.hold) return null;
  const currency = body.hold.currency ?? null;
  const show = (amount: number) => (currency ? money(amount, currency) : String(amount));
  const paid = body.amount ?? null;
  return {
    expected: body.hold.expected,
    paid,
    currency,
    summary: `The mapped prices make ${show(body.hold.expected)}; the buyer paid ${paid === null ? "an unknown amount" : show(paid)}.`,
  };
}
