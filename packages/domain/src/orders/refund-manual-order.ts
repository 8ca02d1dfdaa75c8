import { z } from "zod";
import { sql } from "drizzle-orm";
import { authorizeAndReadAll, requireEditableEvent } from "../access";
import type { Ctx } from "../context";
import { conflict, notFound, parseInput } from "../errors";
import { Id, newId, RequestKey } from "../ids";
import { type IngestResult, ingestOrder } from "./ingest-order";

export const RefundManualOrderInput = z.object({
  eventId: Id,
  orderId: Id,
  /** Units to take back, per ticket type; left out: the whole order. */
  lines: z
    .array(z.object({ ticketTypeId: Id, quantity: z.coerce.number().int().min(1).max(10_000) }))
    .min(1)
    .max(50)
    .optional(),
  /** The caller's key for this refund: the same key again refunds nothing more. */
  requestKey: RequestKey.optional(),
});

/**
 * Refunds a manual order, wholly or some of its units, by the same ingestion a retailer's signed refund goes through
 * (only the refunded units lose their access; each refund key counts once). Retailer orders are refunded at the
 * retailer, whose signed refund Greenroom then follows: here they are a conflict. `orders.manage` on an editable event.
 */
export async function refundManualOrder({ ctx, input }: { ctx: Ctx; input: z.input<typeof RefundManualOrderInput> }): Promise<IngestResult> {
  const data = parseInput(RefundManualOrderInput, input);
  const [access, [orderRows]] = await authorizeAndReadAll<[{ retailer: string; external_order_id: string | null; status: string }[]]>(
    ctx,
    "orders.manage",
    { kind: "event", eventId: data.eventId },
    [sql`SELECT retailer, external_order_id, status FROM orders WHERE id = ${data.orderId} AND event_id = ${data.eventId}`],
  );
  requireEditableEvent(access);
  const order = orderRows[0];
  if (!order?.external_order_id) throw notFound("Order not found");
  if (order.retailer !== "manual") {
    throw conflict(`Refund this order at ${order.retailer}: Greenroom takes its tickets back when the retailer's signed refund arrives.`);
  }
  const key = `manual-refund:${data.requestKey ?? newId()}`;
  const lines = (data.lines ?? []).map((l) => ({ externalSku: l.ticketTypeId, quantity: l.quantity }));
  return ingestOrder({
    ctx,
    input: {
      accountId: access.accountId,
      order: {
        retailer: "manual",
        eventId: data.eventId,
        externalOrderId: order.external_order_id,
        kind: "refund",
        refunds: [{ key, lines, all: lines.length === 0 }],
      },
    },
  });
}
