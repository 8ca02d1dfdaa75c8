import { accountOwnership, events, rooms } from "@greenroom/db/webapp/schema";
import { and, eq } from "drizzle-orm";
import { type Ctx, requireActor } from "./context";
import { notFound } from "./errors";

/** The accounts the actor owns. Rows of any other account are answered as if they did not exist. */
export async function requireAccountOwner(ctx: Ctx, accountId: string): Promise<void> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select({ accountId: accountOwnership.accountId })
    .from(accountOwnership)
    .where(and(eq(accountOwnership.accountId, accountId), eq(accountOwnership.userId, actor.userId)))
    .limit(1);
  if (!row) throw notFound("Account not found");
}

export async function eventForOwner(ctx: Ctx, eventId: string) {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select({ event: events })
    .from(events)
    .innerJoin(
      accountOwnership,
      and(eq(accountOwnership.accountId, events.accountId), eq(accountOwnership.userId, actor.userId)),
    )
    .where(eq(events.id, eventId))
    .limit(1);
  if (!row) throw notFound("Event not found");
  return row.event;
}

export async function roomForOwner(ctx: Ctx, roomId: string) {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select({ room: rooms, event: events })
    .from(rooms)
    .innerJoin(events, eq(events.id, rooms.eventId))
    .innerJoin(
      accountOwnership,
      and(eq(accountOwnership.accountId, rooms.accountId), eq(accountOwnership.userId, actor.userId)),
    )
    .where(eq(rooms.id, roomId))
    .limit(1);
  if (!row) throw notFound("Room not found");
  return row;
}
