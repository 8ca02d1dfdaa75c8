import type { z } from "zod";
import { rooms } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { eq, sql } from "drizzle-orm";
import { authorize, requireEditableEvent } from "../access";
import { roomAudit } from "./room-audit";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { CreateRoomInput, type RoomRow } from "./schemas";

/** Adds a room at the end of the event's room order. */
export async function createRoom({ ctx, input }: { ctx: Ctx; input: z.input<typeof CreateRoomInput> }): Promise<RoomRow> {
  const data = parseInput(CreateRoomInput, input);
  const access = await authorize(ctx, "event.update", { kind: "event", eventId: data.eventId });
  requireEditableEvent(access);
  const roomId = createId();
  const [[room]] = await ctx.db.batch([
    ctx.db
      .insert(rooms)
      .values({
        id: roomId,
        eventId: data.eventId,
        accountId: access.accountId,
        name: data.name,
        kind: data.kind,
        capacity: data.capacity ?? null,
        position: sql`(SELECT COALESCE(MAX(position), -1) + 1 FROM rooms WHERE event_id = ${data.eventId})`,
        createdAt: ctx.now(),
      })
      .returning(),
    roomAudit(ctx, access, "room.create", roomId, eq(rooms.id, roomId), { name: data.name, kind: data.kind }),
  ]);
  if (!room) throw new Error("insert returned no row");
  return room;
}
