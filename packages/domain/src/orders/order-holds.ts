import { sql } from "drizzle-orm";
import type { z } from "zod";
import { actorMay, actorPermissionCtes, authorizeReadAndWrite, conditionalAuditEntry, requireEditableEvent } from "../access";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { conflict, notFound, parseInput } from "../errors";
import { orderStateStatements } from "./issue-sql";
import { LinkRetailerEventInput, ReleaseOrderHoldInput } from "./schemas";

/**
 * The organizer's decision on a held Stripe order (`orders.manage`): issue its tickets although the amount paid
 * differs from the mapped prices (a discount they gave, say). The release is marked in the body (`released`), so
 * the hold is never set again, and the tickets, rooms and grants are issued in the same batch. An order that is not
 * held is a conflict; one of another event or tenant is not_found.
 */
export async function releaseOrderHold({ ctx, input }: { ctx: Ctx; input: z.input<typeof ReleaseOrderHoldInput> }): Promise<{ released: boolean }> {
  const data = parseInput(ReleaseOrderHoldInput, input);
  const actor = requireActor(ctx);
  const at = unixSeconds(ctx.now());
  const resource = { kind: "event" as const, eventId: data.eventId };
  const which = sql`o.id = ${data.orderId} AND o.event_id = ${data.eventId}`;
  const [access, [orderRows], writes] = await authorizeReadAndWrite<[{ held: number }[]]>(
    ctx,
    "orders.manage",
    resource,
    [sql`SELECT body -> '$.hold' IS NOT NULL AS held FROM orders WHERE id = ${data.orderId} AND event_id = ${data.eventId}`],
    [
      sql`
        WITH RECURSIVE ${actorPermissionCtes(actor, resource)}
        UPDATE orders SET body = json_remove(json_set(body, '$.released', json_object('at', ${at}, 'by', ${actor.userId})), '$.hold'),
                          updated_at = ${at}
        WHERE id = ${data.orderId} AND event_id = ${data.eventId} AND body -> '$.hold' IS NOT NULL
          AND EXISTS (SELECT 1 FROM target t JOIN events e ON e.id = t.event_id
                      WHERE e.status NOT IN ('archived', 'deleting') AND ${actorMay(actor, "orders.manage")})`,
      conditionalAuditEntry(ctx, {
        accountId: sql`(SELECT account_id FROM events WHERE id = ${data.eventId})`,
        action: "order.release_hold",
        targetType: "order",
        targetId: data.orderId,
      }),
      ...orderStateStatements(which, at),
    ],
  );
  requireEditableEvent(access);
  const order = orderRows[0];
  if (!order) throw notFound("Order not found");
  const released = (writes[0]?.meta.changes ?? 0) > 0;
  if (!released && order.held !== 1) throw conflict("This order is not held.");
  return { released };
}

/**
 * Says which Eventbrite event this Greenroom event sells: an Eventbrite order fetched after a notification is taken
 * in here only when it belongs to that event. Setting it again replaces it. It decides where the account's
 * Eventbrite orders land, like the connection itself, so it needs `retailers.manage` (the account's owners): an event
 * admin could otherwise pull another event's orders (and their buyers' tickets) into theirs.
 */
export async function linkRetailerEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof LinkRetailerEventInput> }): Promise<{ linked: boolean }> {
  const data = parseInput(LinkRetailerEventInput, input);
  const actor = requireActor(ctx);
  const at = unixSeconds(ctx.now());
  const resource = { kind: "event" as const, eventId: data.eventId };
  const [access, , writes] = await authorizeReadAndWrite<[]>(
    ctx,
    "retailers.manage",
    resource,
    [],
    [
      sql`
        WITH RECURSIVE ${actorPermissionCtes(actor, resource)}
        INSERT INTO retailer_event_links (event_id, account_id, retailer, external_event_id, created_at)
        SELECT t.event_id, t.account_id, ${data.retailer}, ${data.externalEventId}, ${at}
        FROM target t JOIN events e ON e.id = t.event_id
        WHERE e.status NOT IN ('archived', 'deleting') AND ${actorMay(actor, "retailers.manage")}
        ON CONFLICT (event_id, retailer) DO UPDATE SET external_event_id = excluded.external_event_id, created_at = excluded.created_at
        WHERE retailer_event_links.external_event_id <> excluded.external_event_id`,
      conditionalAuditEntry(ctx, {
        accountId: sql`(SELECT account_id FROM events WHERE id = ${data.eventId})`,
        action: "retailer_event_link.set",
        targetType: "event",
        targetId: data.eventId,
        after: { retailer: data.retailer, externalEventId: data.externalEventId },
      }),
    ],
  );
  requireEditableEvent(access);
  return { linked: (writes[0]?.meta.changes ?? 0) > 0 };
}
