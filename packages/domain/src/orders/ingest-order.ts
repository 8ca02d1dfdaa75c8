import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { notFound, parseInput } from "../errors";
import { orderKey, orderStateStatements } from "./issue-sql";
import { IngestOrderInput, MAX_RAW_CHARS } from "./schemas";

export type IngestResult = {
  orderId: string;
  status: "placed" | "refunded" | "cancelled";
  needsMapping: boolean;
  /** False when the retailer's delivery id was seen before: the batch changed nothing. */
  fresh: boolean;
  /** True only for the delivery that placed the order (its first arrival, not after a refund): mail the buyer then. */
  placed: boolean;
};

const INITIAL_STATUS = { order: "placed", refund: "refunded", cancel: "cancelled" } as const;

/**
 * Takes one normalized retailer event (order, refund or cancellation) into the account's books in ONE batch of
 * conditional statements, never reading first:
 *
 * - the delivery id, when the retailer sends one, recorded (a redelivery is reported as not fresh; every statement
 *   below is idempotent, so it changes nothing either way);
 * - the order upserted on (account, retailer, external order id). An order fills in the body once; a refund or
 *   cancellation moves a placed order to refunded/cancelled, or creates the row so when it arrives first, and the
 *   order arriving later fills the body and issues nothing. Either way the body ends as the order's plus `refund`,
 *   so both arrival orders converge;
 * - lines, tickets, rooms, revocations, grants and counts as in `orderStateStatements`;
 * - an audit row when the order row changed.
 *
 * The order must belong to an event of `accountId` (the webhook endpoint derived the account from the event);
 * otherwise nothing is written and the answer is not_found.
 */
// verb-exempt: machine ingestion; the caller proved the retailer's signature with the account's sealed secret
export async function ingestOrder({ ctx, input }: { ctx: Ctx; input: z.input<typeof IngestOrderInput> }): Promise<IngestResult> {
  const { accountId, deliveryId, order } = parseInput(IngestOrderInput, input);
  const at = unixSeconds(ctx.now());
  const id = createId();
  const rawText = order.raw === undefined ? "null" : JSON.stringify(order.raw);
  const raw = rawText.length > MAX_RAW_CHARS ? { truncated: true, size: rawText.length } : (order.raw ?? null);
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
        }
      : { ...known, lines: [], refund: { kind: order.kind, raw } };
  const which = orderKey(accountId, order.retailer, order.externalOrderId);
  const isOrder = order.kind === "order" ? 1 : 0;

  const statements = [
    ...(deliveryId
      ? [
          sql`
            INSERT INTO webhook_deliveries (account_id, retailer, delivery_id, received_at)
            SELECT ${accountId}, ${order.retailer}, ${deliveryId}, ${at}
            WHERE EXISTS (SELECT 1 FROM events WHERE id = ${order.eventId} AND account_id = ${accountId})
            ON CONFLICT DO NOTHING`,
        ]
      : []),
    sql`
      INSERT INTO orders (id, account_id, retailer, body, status, needs_mapping, created_at, updated_at)
      SELECT ${id}, e.account_id, ${order.retailer}, json(${JSON.stringify(body)}), ${INITIAL_STATUS[order.kind]}, 0, ${at}, ${at}
      FROM events e WHERE e.id = ${order.eventId} AND e.account_id = ${accountId}
      ON CONFLICT (account_id, retailer, external_order_id) DO UPDATE SET
        body = CASE WHEN ${isOrder}
                    THEN json_set(excluded.body, '$.refund', json(orders.body -> '$.refund'))
                    ELSE json_set(orders.body, '$.refund', json(excluded.body -> '$.refund')) END,
        status = CASE WHEN ${isOrder} THEN orders.status ELSE excluded.status END,
        updated_at = excluded.updated_at
      WHERE orders.event_id = excluded.event_id
        AND CASE WHEN ${isOrder} THEN orders.body -> '$.placed' IS NULL ELSE orders.status = 'placed' END`,
    conditionalAuditEntry(ctx, {
      accountId,
      action: `order.${order.kind}`,
      targetType: "order",
      targetId: `${order.retailer}:${order.externalOrderId}`,
      after: { retailer: order.retailer, eventId: order.eventId, externalOrderId: order.externalOrderId },
    }),
    ...orderStateStatements(which, at),
    sql`SELECT o.id, o.status, o.needs_mapping AS needsMapping FROM orders o WHERE ${which} AND o.event_id = ${order.eventId}`,
  ];
  const results = await batchStatements(ctx, statements);
  const row = results.at(-1)?.results[0] as { id: string; status: IngestResult["status"]; needsMapping: number } | undefined;
  if (!row) throw notFound("No such event");
  return {
    orderId: row.id,
    status: row.status,
    needsMapping: row.needsMapping === 1,
    fresh: deliveryId ? (results[0]?.meta.changes ?? 0) > 0 : true,
    placed: isOrder === 1 && row.status === "placed" && (results[deliveryId ? 1 : 0]?.meta.changes ?? 0) > 0,
  };
}
