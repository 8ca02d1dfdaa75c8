import { sql } from "drizzle-orm";
import type { Ctx } from "../context";

/**
 * Live access ends with access. After a write that took a user's access away has committed, these tell the workers
 * app to close the user's open room sockets and to refuse their tokens issued until now (`StageApi.endLiveAccess`).
 * The write stands whatever happens here: a failed call is logged by name only, and the user's sockets then close at
 * their token's expiry at the latest (the page gets a new token only while it is still authorized).
 */

const CHUNK = 100;

/** Ends `userId`'s live access in `roomIds`, or, without rooms, in every room they hold a socket in. */
export async function endLiveAccess(ctx: Ctx, target: { userId: string; roomIds?: string[] }): Promise<void> {
  const atMs = ctx.now().getTime();
  const chunks: (string[] | undefined)[] = [];
  if (target.roomIds === undefined) chunks.push(undefined);
  else for (let i = 0; i < target.roomIds.length; i += CHUNK) chunks.push(target.roomIds.slice(i, i + CHUNK));
  await Promise.all(
    chunks.map(async (roomIds) => {
      try {
        const result = await ctx.stage.endLiveAccess({ userId: target.userId, roomIds, atMs });
        if (!result.ok) console.error("endLiveAccess refused:", result.code);
      } catch (error) {
        console.error("endLiveAccess failed:", error instanceof Error ? error.name : "unknown error");
      }
    }),
  );
}

/** The rooms a grant opened: its room, or every room of its event. */
export async function roomsOfGrant(ctx: Ctx, grant: { eventId: string; roomId: string | null }): Promise<string[]> {
  if (grant.roomId) return [grant.roomId];
  const rows = await ctx.db.all<{ id: string }>(sql`SELECT id FROM rooms WHERE event_id = ${grant.eventId}`);
  return rows.map((r) => r.id);
}
