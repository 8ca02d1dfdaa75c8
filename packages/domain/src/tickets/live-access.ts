import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { endLiveAccess } from "../stage/live-access";

/**
 * After a refund or cancellation revoked tickets of an order (and the grants they gave): closes the live sockets of
 * each holder in every room those tickets opened where no grant of theirs is left, and refuses the holder's older
 * tokens there. Call it once the ingestion batch has committed; it reads only revoked tickets, so calling it again,
 * or for an order nothing was revoked on, closes nothing that still has access. Never throws for the live side.
 */
export async function endOrderLiveAccess(ctx: Ctx, order: { accountId: string; orderId: string }): Promise<void> {
  const rows = await ctx.db.all<{ userId: string; roomId: string }>(sql`
    SELECT DISTINCT t.holder_user_id AS userId, rat.room_id AS roomId
    FROM tickets t
    JOIN room_access_tickets rat ON rat.ticket_id = t.id
    WHERE t.order_id = ${order.orderId} AND t.account_id = ${order.accountId}
      AND t.status = 'revoked' AND t.holder_user_id IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM access_grants g
        WHERE g.user_id = t.holder_user_id AND g.event_id = rat.event_id AND (g.room_id = rat.room_id OR g.room_id IS NULL))`);
  const byUser = new Map<string, string[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.roomId]);
  await Promise.all([...byUser].map(([userId, roomIds]) => endLiveAccess(ctx, { userId, roomIds })));
}
