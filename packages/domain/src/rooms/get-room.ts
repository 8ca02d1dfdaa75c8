import type { z } from "zod";
import { events, rooms } from "@greenroom/db/webapp/schema";
import { and, eq } from "drizzle-orm";
import { type Authorized, authorize, type PermissionKey } from "../access";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import { RoomIdInput, type RoomRow } from "./schemas";

/** The room and its event, for an actor holding `permission` on the room. */
export async function getRoom({
  ctx,
  input,
  permission = "room.enter",
}: {
  ctx: Ctx;
  input: z.input<typeof RoomIdInput>;
  permission?: PermissionKey;
}): Promise<{ room: RoomRow; event: typeof events.$inferSelect; access: Authorized }> {
  const { roomId } = parseInput(RoomIdInput, input);
  const access = await authorize(ctx, permission, { kind: "room", roomId });
  const [row] = await ctx.db
    .select({ room: rooms, event: events })
    .from(rooms)
    .innerJoin(events, eq(events.id, rooms.eventId))
    .where(and(eq(rooms.id, roomId), eq(rooms.status, "active")))
    .limit(1);
  if (!row) throw notFound("Room not found");
  return { ...row, access };
}
