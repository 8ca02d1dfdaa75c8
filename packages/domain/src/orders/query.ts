import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { formatMoney } from "../commerce/money";
import type { OrdersPageInput } from "./schemas";

export type OrderFilters = Pick<z.output<typeof OrdersPageInput>, "eventId" | "retailer" | "status" | "ticketTypeId" | "needsMapping">;
export type OrdersCursor = { createdAt: number; id: string };

export type OrderListRow = {
  id: string;
  retailer: string;
  status: "placed" | "refunded" | "cancelled";
  needs_mapping: number;
  external_order_id: string | null;
  buyer_email: string | null;
  buyer_name: string | null;
  amount: number | null;
  currency: string | null;
  created_at: number;
  tickets: number;
  ticket_types: string | null;
  held: number;
  refunded_units: number | null;
};

export type OrderListEntry = {
  id: string;
  retailer: string;
  status: OrderListRow["status"];
  needsMapping: boolean;
  externalOrderId: string;
  buyerEmail: string | null;
  buyerName: string | null;
  amount: number | null;
  currency: string | null;
  /** The amount as shown (`formatMoney`), or null when the order carries none. */
  amountText: string | null;
  createdAt: Date;
  tickets: number;
  ticketTypes: string;
  /** The amount paid differs from the mapped prices: its tickets wait for the organizer's decision. */
  held: boolean;
  /** Units that refunds took back from an order that stays placed (a partial refund). */
  refundedUnits: number;
};

export const toOrderEntry = (row: OrderListRow): OrderListEntry => ({
  id: row.id,
  retailer: row.retailer,
  status: row.status,
  needsMapping: row.needs_mapping === 1,
  externalOrderId: row.external_order_id ?? "",
  buyerEmail: row.buyer_email,
  buyerName: row.buyer_name,
  amount: row.amount === null ? null : Number(row.amount),
  currency: row.currency,
  amountText: row.amount !== null && row.currency ? formatMoney(Number(row.amount), row.currency) : null,
  createdAt: new Date(row.created_at * 1000),
  tickets: row.tickets,
  ticketTypes: row.ticket_types ?? "",
  held: row.held === 1,
  refundedUnits: row.refunded_units ?? 0,
});

export const encodeOrdersCursor = (cursor: OrdersCursor) => `${cursor.createdAt}.${cursor.id}`;
export function decodeOrdersCursor(value: string | undefined): OrdersCursor | undefined {
  if (!value) return undefined;
  const dot = value.indexOf(".");
  return { createdAt: Number(value.slice(0, dot)), id: value.slice(dot + 1) };
}

/**
 * One keyset page of an event's orders, newest first, with the filters. Walks `orders_event_order_idx`
 * (event_id, created_at, id) from the cursor, so page 1,000 costs what page 1 does.
 */
export function ordersPageQuery(filters: OrderFilters, after: OrdersCursor | undefined, limit: number): SQL {
  const conditions: SQL[] = [sql`o.event_id = ${filters.eventId}`];
  if (filters.retailer) conditions.push(sql`o.retailer = ${filters.retailer}`);
  if (filters.status) conditions.push(sql`o.status = ${filters.status}`);
  if (filters.needsMapping) conditions.push(sql`o.needs_mapping = 1`);
  if (filters.ticketTypeId) {
    conditions.push(sql`EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.ticket_type_id = ${filters.ticketTypeId})`);
  }
  if (after) conditions.push(sql`(o.created_at, o.id) < (${after.createdAt}, ${after.id})`);
  return sql`
    SELECT o.id, o.retailer, o.status, o.needs_mapping, o.external_order_id, o.buyer_email,
           o.body ->> '$.buyerName' AS buyer_name, o.body ->> '$.amount' AS amount, o.body ->> '$.currency' AS currency,
           o.created_at,
           (SELECT count(*) FROM tickets t WHERE t.order_id = o.id) AS tickets,
           (SELECT group_concat(DISTINCT tt.name) FROM order_lines l JOIN ticket_types tt ON tt.id = l.ticket_type_id
            WHERE l.order_id = o.id) AS ticket_types,
           o.body -> '$.hold' IS NOT NULL AS held,
           (SELECT sum(l.refunded) FROM order_lines l WHERE l.order_id = o.id) AS refunded_units
    FROM orders o
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT ${limit}`;
}
