import { rooms } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { eventForOwner, roomForOwner } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { NewRoom } from "../events/schemas";

export const CreateRoomInput = NewRoom.extend({ eventId: z.string().min(1).max(64) });
export type CreateRoomInput = z.infer<typeof CreateRoomInput>;

export type RoomRow = typeof rooms.$inferSelect;

/** Adds a room at the end of the event's room order. */
export async function createRoom({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<RoomRow> {
  const data = parseInput(CreateRoomInput, input);
  const event = await eventForOwner(ctx, data.eventId);
  const [room] = await ctx.db
    .insert(rooms)
    .values({
      id: createId(),
      eventId: event.id,
      accountId: event.accountId,
      name: data.name,
      kind: data.kind,
      capacity: data.capacity ?? null,
      position: sql`(SELECT COALESCE(MAX(position), -1) + 1 FROM rooms WHERE event_id = ${event.id})`,
      createdAt: ctx.now(),
    })
    .returning();
  if (!room) throw new Error("insert returned no row");
  return room;
}

export const RoomIdInput = z.object({ roomId: z.string().min(1).max(64) });

export async function getRoom({ ctx, input }: { ctx: Ctx; input: unknown }) {
  const { roomId } = parseInput(RoomIdInput, input);
  return roomForOwner(ctx, roomId);
}
