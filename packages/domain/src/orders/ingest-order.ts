import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { conflict, notFound, parseInput } from "../errors";
import { type OrderMailRow, orderMailQuery } from "./confirmation-mail";
import { ticketMailBudgetStatement } from "../limits";
import { orderKey, orderStateStatements } from "./issue-sql";
import { IngestOrderInput, MAX_RAW_CHARS } from "./schemas";

export type IngestResult = {
  orderId: string;
  status: "placed" | "refunded" | "cancelled";
  needsMapping: boolean;
  /** The amount paid does not match the mapped prices: tickets are held until the organizer decides. */
  held: boolean;
  /** False when the retailer's delivery id was seen before: the batch changed nothing. */
  fresh: boolean;
  /** True only for the delivery that placed the order (its first arrival, not after a refund): mail the buyer then. */
  placed: boolean;
  /**
   * With `recordDelivery`, for the delivery that placed the order and only within the buyer's and the event's daily
   * mail budgets (taken in the same batch): what the buyer's confirmation needs (see sendOrderConfirmation).
   */
  mail?: OrderMailRow;
};

/** Events whose orders are no longer taken in. */
const CLOSED_EVENT = sql`('archived', 'deleting')`;

/**
 * Takes one normalized retailer event (order, refund or cancellation) into the account's books in ONE batch of
 * conditional statements, never reading first:
 *
 * - the delivery id, when the retailer sends one, recorded (a redelivery is reported as not fresh; every statement
 *   below is idempotent, so it changes nothing either way);
 * - the order upserted on (account, retailer, external order id). An order fills in the body once; a refund merges
 *   into the body's `refunds`, keyed by the refund's own key, so the same refund delivered twice counts once. A
 *   refund of the whole order (or one without details) moves a placed order to refunded, a cancellation to
 *   cancelled; a refund of some units keeps it placed, and a money-only refund changes no access. Nothing moves a
 *   refunded or cancelled order back to placed: a redelivered older order fills nothing and issues nothing. A refund
 *   or cancellation arriving first creates the row; the order arriving later fills the body (keeping the refunds),
 *   so both arrival orders converge;
 * - lines, refunded units, holds, tickets, rooms, revocations, grants and counts as in `orderStateStatements`;
 * - an audit row when the order row changed;
 * - with `recordDelivery`, the connection's last-delivery line, from the order's state after the batch, and for the
 *   delivery that placed an unheld order the buyer's mail budgets and the read behind the confirmation (so a webhook
 *   costs no extra round trip for them).
 *
 * The order must belong to an event of `accountId` (the webhook endpoint derived the account from the event);
 * otherwise nothing is written and the answer is not_found. An archived or deleting event takes nothing: conflict.
 */
// verb-exempt: machine ingestion; the caller proved the retailer's signature with the account's sealed secret
export async function ingestOrder({ ctx, input }: { ctx: Ctx; input: z.input<typeof IngestOrderInput> }): Promise<IngestResult> {
  const { accountId, deliveryId, order, recordDelivery } = parseInput(IngestOrderInput, input);
  const at = unixSeconds(ctx.now());
  const id = createId();
  const rawText = order.raw === undefined ? "null" : JSON.stringify(order.raw);
  const raw = rawText.length > MAX_RAW_CHARS ? { truncated: true, size: rawText.length } : (order.raw ?? null);
  const refundList = order.refunds ?? (order.kind === "refund" ? [{ key: "refund:all", lines: [], all: true }] : []);
  const refunds = Object.fromEntries(
    refundList.map((r) => [
      r.key,
      {
        lines: r.lines.map((l) => ({ externalSku: l.externalSku, quantity: l.quantity })),
        all: r.all,
        at,
        ...(r.amount !== undefined ? { amount: r.amount } : {}),
        ...(r.currency ? { currency: r.currency } : {}),
      },
    ]),
  );
  const closesAll = order.kind === "cancel" || refundList.some((r) => r.all);
  const status = order.kind === "cancel" ? "cancelled" : closesAll ? "refunded" : "placed";
  const known = {
    eventId: order.eventId,
    externalOrderId: order.externalOrderId,
    ...(order.buyerEmail ? { buyerEmail: order.buyerEmail } : {}),
    ...(order.buyerName ? { buyerName: order.buyerName } : {}),
  };
  const body =
    order.kind === "order"
      ? {
          ...known,
          lines: order.lines,
          ...(order.amount !== undefined ? { amount: order.amount } : {}),
          ...(order.currency ? { currency: order.currency } : {}),
          raw,
          placed: true,
          placedBy: id,
          refunds,
        }
      : { ...known, lines: [], ...(closesAll ? { refund: { kind: order.kind, raw } } : {}), refunds };
  const open = sql`o.event_id IN (SELECT id FROM events WHERE id = ${order.eventId} AND account_id = ${accountId} AND status NOT IN ${CLOSED_EVENT})`;
  const which = sql`${orderKey(accountId, order.retailer, order.externalOrderId)} AND ${open}`;
  const isOrder = order.kind === "order" ? 1 : 0;
  const fills = sql`(${isOrder} AND orders.body -> '$.placed' IS NULL)`;
  const mergedRefunds = sql`json_patch(coalesce(orders.body -> '$.refunds', '{}'), coalesce(excluded.body -> '$.refunds', '{}'))`;
  const newRefund = sql`EXISTS (
    SELECT 1 FROM json_each(excluded.body, '$.refunds') n
    WHERE json_type(orders.body, '$.refunds."' || n.key || '"') IS NULL)`;
  const placedHere = sql`EXISTS (SELECT 1 FROM orders o WHERE ${which} AND o.status = 'placed'
    AND o.body ->> '$.placedBy' = ${id} AND o.body -> '$.hold' IS NULL)`;
  const mailBudget =
    recordDelivery && isOrder && order.buyerEmail
      ? ticketMailBudgetStatement({ to: order.buyerEmail, eventId: order.eventId }, at, placedHere)
      : null;
  const statements = [
    ...(deliveryId
      ? [
          sql`
            INSERT INTO webhook_deliveries (account_id, retailer, delivery_id, received_at)
            SELECT ${accountId}, ${order.retailer}, ${deliveryId}, ${at}
            WHERE EXISTS (SELECT 1 FROM events WHERE id = ${order.eventId} AND account_id = ${accountId} AND status NOT IN ${CLOSED_EVENT})
            ON CONFLICT DO NOTHING`,
        ]
      : []),
    sql`
      INSERT INTO orders (id, account_id, retailer, body, status, needs_mapping, created_at, updated_at)
      SELECT ${id}, e.account_id, ${order.retailer}, json(${JSON.stringify(body)}), ${status}, 0, ${at}, ${at}
      FROM events e WHERE e.id = ${order.eventId} AND e.account_id = ${accountId} AND e.status NOT IN ${CLOSED_EVENT}
      ON CONFLICT (account_id, retailer, external_order_id) DO UPDATE SET
        body = CASE WHEN ${fills}
                    THEN json_set(excluded.body, '$.refund', json(orders.body -> '$.refund'), '$.refunds', json(${mergedRefunds}))
                    ELSE json_set(
                      CASE WHEN orders.body -> '$.refund' IS NULL AND excluded.body -> '$.refund' IS NOT NULL AND orders.status = 'placed'
                           THEN json_set(orders.body, '$.refund', json(excluded.body -> '$.refund')) ELSE orders.body END,
                      '$.refunds', json(${mergedRefunds})) END,
        status = CASE WHEN orders.status = 'placed' THEN excluded.status ELSE orders.status END,
        updated_at = excluded.updated_at
      WHERE orders.event_id = excluded.event_id
        AND (${fills} OR ${newRefund} OR (orders.status = 'placed' AND excluded.status <> 'placed'))`,
    conditionalAuditEntry(ctx, {
      accountId,
      action: `order.${order.kind}`,
      targetType: "order",
      targetId: `${order.retailer}:${order.externalOrderId}`,
      after: { retailer: order.retailer, eventId: order.eventId, externalOrderId: order.externalOrderId },
    }),
    ...orderStateStatements(which, at),
    ...(mailBudget ? [mailBudget] : []),
    ...(recordDelivery
      ? [
          sql`
            UPDATE retailer_connections SET last_delivery_at = ${at}, last_delivery_status = 200,
              last_delivery_note = substr((
                SELECT ${`${order.kind} ${order.externalOrderId}: `} || o.status
                       || CASE WHEN o.needs_mapping THEN ', needs mapping' ELSE '' END
                       || CASE WHEN o.body -> '$.hold' IS NOT NULL THEN ', held: the amount paid differs from the mapped prices' ELSE '' END
                FROM orders o WHERE ${which}), 1, 300)
            WHERE account_id = ${accountId} AND retailer = ${order.retailer}
              AND EXISTS (SELECT 1 FROM orders o WHERE ${which})`,
          orderMailQuery(which),
        ]
      : []),
    sql`
      SELECT e.status AS event_status, o.id, o.status, o.needs_mapping AS needsMapping,
             o.body -> '$.hold' IS NOT NULL AS held, o.body ->> '$.placedBy' AS placedBy
      FROM events e LEFT JOIN orders o ON ${orderKey(accountId, order.retailer, order.externalOrderId)} AND o.event_id = e.id
      WHERE e.id = ${order.eventId} AND e.account_id = ${accountId}`,
  ];
  const budgetIndex = mailBudget ? statements.indexOf(mailBudget) : -1;
  const results = await batchStatements(ctx, statements);
  const mailAllowed = budgetIndex >= 0 && results[budgetIndex]?.meta.changes === 2;
  const row = results.at(-1)?.results[0] as
    | { event_status: string; id: string | null; status: IngestResult["status"]; needsMapping: number; held: number; placedBy: string | null }
    | undefined;
  if (!row) throw notFound("No such event");
  if (row.event_status === "archived" || row.event_status === "deleting") {
    throw conflict(`This event is ${row.event_status}: it takes no more orders.`);
  }
  if (!row.id) throw notFound("No such event");
  return {
    orderId: row.id,
    status: row.status,
    needsMapping: row.needsMapping === 1,
    held: row.held === 1,
    fresh: deliveryId ? (results[0]?.meta.changes ?? 0) > 0 : true,
    placed: isOrder === 1 && row.status === "placed" && row.placedBy === id,
    ...(mailAllowed && results.at(-2)?.results[0] ? { mail: results.at(-2)?.results[0] as OrderMailRow } : {}),
  };
}
