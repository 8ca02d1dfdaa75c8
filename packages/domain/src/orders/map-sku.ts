import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { actorMay, actorPermissionCtes, authorizeReadAndWrite, conditionalAuditEntry, requireEditableEvent } from "../access";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { normalizeCurrency, toMinorUnits } from "../commerce/money";
import { conflict, invalid, notFound, parseInput } from "../errors";
import { orderStateStatements } from "./issue-sql";
import { MapSkuInput } from "./schemas";

export type SkuMapped = { created: boolean; ticketTypeId: string; ordersResolved: number };

/**
 * Maps a retailer's SKU to a ticket type of the event (`orders.manage`), and in the same batch resolves the event's
 * unmapped order lines with that SKU and issues their tickets, rooms and grants retroactively. The mapping insert
 * carries the authorization in SQL; the other writes only touch lines that a mapping now resolves. Mapping the
 * same SKU to the same type again changes nothing; to another type is a conflict (its tickets were issued). A price
 * per unit (with its currency) makes Stripe orders of this SKU checked against it: one paying another amount is held.
 */
export async function mapSku({ ctx, input }: { ctx: Ctx; input: z.input<typeof MapSkuInput> }): Promise<SkuMapped> {
  const data = parseInput(MapSkuInput, input);
  const actor = requireActor(ctx);
  const at = unixSeconds(ctx.now());
  const id = createId();
  const currency = data.currency ? normalizeCurrency(data.currency) : null;
  if (data.currency && !currency) throw invalid("Not a currency code", { currency: ["Not a currency code"] });
  const unitAmount = data.unitPrice !== undefined && currency ? toMinorUnits(data.unitPrice, currency) : null;
  if (data.unitPrice !== undefined && unitAmount === null) throw invalid(`Not a price in ${currency}`, { unitPrice: [`Not a price in ${currency}`] });
  const resource = { kind: "event" as const, eventId: data.eventId };
  const affected = sql`o.event_id = ${data.eventId} AND o.retailer = ${data.retailer}
    AND o.id IN (SELECT order_id FROM order_lines WHERE event_id = ${data.eventId} AND external_sku = ${data.externalSku})`;
  const [access, [typeRows, mappingRows], writeResults] = await authorizeReadAndWrite<
    [{ id: string }[], { ticket_type_id: string }[]]
  >(
    ctx,
    "orders.manage",
    resource,
    [
      sql`SELECT id FROM ticket_types WHERE id = ${data.ticketTypeId} AND event_id = ${data.eventId}`,
      sql`SELECT ticket_type_id FROM external_sku_mappings
          WHERE event_id = ${data.eventId} AND retailer = ${data.retailer} AND external_sku = ${data.externalSku}`,
    ],
    [
      sql`
        WITH RECURSIVE ${actorPermissionCtes(actor, resource)}
        INSERT INTO external_sku_mappings (id, account_id, event_id, retailer, external_sku, ticket_type_id, unit_amount, currency, created_at)
        SELECT ${id}, t.account_id, t.event_id, ${data.retailer}, ${data.externalSku}, tt.id, ${unitAmount}, ${unitAmount === null ? null : currency}, ${at}
        FROM target t JOIN events e ON e.id = t.event_id
        JOIN ticket_types tt ON tt.id = ${data.ticketTypeId} AND tt.event_id = t.event_id
        WHERE e.status <> 'archived' AND ${actorMay(actor, "orders.manage")}
        ON CONFLICT (event_id, retailer, external_sku) DO NOTHING`,
      conditionalAuditEntry(ctx, {
        accountId: sql`(SELECT account_id FROM events WHERE id = ${data.eventId})`,
        action: "sku_mapping.create",
        targetType: "external_sku_mapping",
        targetId: id,
        after: { eventId: data.eventId, retailer: data.retailer, externalSku: data.externalSku, ticketTypeId: data.ticketTypeId },
      }),
      sql`
        UPDATE order_lines SET ticket_type_id = (
          SELECT m.ticket_type_id FROM external_sku_mappings m
          WHERE m.event_id = order_lines.event_id AND m.retailer = ${data.retailer} AND m.external_sku = order_lines.external_sku)
        WHERE event_id = ${data.eventId} AND external_sku = ${data.externalSku} AND ticket_type_id IS NULL
          AND order_id IN (SELECT id FROM orders WHERE event_id = ${data.eventId} AND retailer = ${data.retailer})
          AND EXISTS (
            SELECT 1 FROM external_sku_mappings m
            WHERE m.event_id = ${data.eventId} AND m.retailer = ${data.retailer} AND m.external_sku = ${data.externalSku})`,
      ...orderStateStatements(affected, at),
      sql`SELECT count(*) AS n FROM orders o WHERE ${affected}`,
    ],
  );
  requireEditableEvent(access);
  if (!typeRows[0]) throw notFound("Ticket type not found");
  const existing = mappingRows[0];
  if (existing && existing.ticket_type_id !== data.ticketTypeId) {
    throw conflict(`${data.externalSku} is already mapped to another ticket type.`);
  }
  const inserted = writeResults[0];
  const count = (writeResults.at(-1)?.results[0] as { n: number } | undefined)?.n ?? 0;
  return { created: (inserted?.meta.changes ?? 0) > 0, ticketTypeId: data.ticketTypeId, ordersResolved: count };
}
