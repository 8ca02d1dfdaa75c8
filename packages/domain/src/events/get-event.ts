import type { z } from "zod";
import { accessGrants, events, rooms } from "@greenroom/db/webapp/schema";
import { and, asc, eq, or } from "drizzle-orm";
import { type Authorized, authorize } from "../access";
import { type Ctx, requireActor } from "../context";
import { notFound, parseInput } from "../errors";
import { EventIdInput, SlugInput } from "./schemas";
import type { EventRow, RoomRow } from "./rows";

export async function getEvent({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof EventIdInput>;
}): Promise<{ event: EventRow; rooms: RoomRow[]; access: Authorized }> {
  const { eventId } = parseInput(EventIdInput, input);
  const access = await authorize(ctx, "event.view", { kind: "event", eventId });
  const actor = requireActor(ctx);
  const [eventRows, roomRows, roomGrants] = await ctx.db.batch([
    ctx.db.select().from(events).where(eq(events.id, eventId)),
    ctx.db
      .select()
      .from(rooms)
      .where(and(eq(rooms.eventId, eventId), eq(rooms.status, "active")))
      .orderBy(asc(rooms.position), asc(rooms.createdAt)),
    ctx.db
      .select({ roomId: accessGrants.roomId })
      .from(accessGrants)
      .where(and(eq(accessGrants.eventId, eventId), eq(accessGrants.userId, actor.userId))),
  ]);
  const event = eventRows[0];
  if (!event) throw notFound("Event not found");
  // Owners and event-wide grants see every room; a room grant shows only its room.
  const eventWide = access.isOwner || roomGrants.some((g) => g.roomId === null);
  const granted = new Set(roomGrants.map((g) => g.roomId));
  return { event, rooms: eventWide ? roomRows : roomRows.filter((r) => granted.has(r.id)), access };
}

/** The public page of an active event, by slug; drafts and archived events are not public. */
export async function getPublicEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof SlugInput> }) {
  const { slug } = parseInput(SlugInput, input);
  const [event] = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.slug, slug), eq(events.status, "active")))
    .limit(1);
  if (!event) throw notFound("Event not found");
  const eventRooms = await ctx.db
    .select({ id: rooms.id, name: rooms.name, kind: rooms.kind, capacity: rooms.capacity })
    .from(rooms)
    .where(and(eq(rooms.eventId, event.id), eq(rooms.status, "active"), or(eq(rooms.kind, "stage"), eq(rooms.kind, "breakout"))))
    .orderBy(asc(rooms.position));
  return { event, rooms: eventRooms };
}
