import type { z } from "zod";
import { rooms } from "@greenroom/db/webapp/schema";
import { and, eq, sql } from "drizzle-orm";
import { authorize, requireEditableEvent } from "../access";
import { roomAudit } from "./room-audit";
import type { Ctx } from "../context";
import { conflict, parseInput } from "../errors";
import { RoomIdInput, type RoomRow } from "./schemas";

/** Brings an archived room back, at the end of the event's room order. */
export async function restoreRoom({ ctx, input }: { ctx: Ctx; input: z.input<typeof RoomIdInput> }): Promise<RoomRow> {
  const { roomId } = parseInput(RoomIdInput, input);
  const access = await authorize(ctx, "event.update", { kind: "room", roomId });
  requireEditableEvent(access);
  const archived = and(eq(rooms.id, roomId), eq(rooms.status, "archived"));
  const [, [room]] = await ctx.db.batch([
    roomAudit(ctx, access, "room.restore", roomId, archived, { status: "active" }),
    ctx.db
      .update(rooms)
      .set({
        status: "active",
        position: sql`(SELECT COALESCE(MAX(r.position), -1) + 1 FROM rooms r WHERE r.event_id = ${access.eventId} AND r.status = 'active')`,
      })
      .where(archived)
      .returning(),
  ]);
  if (!room) throw conflict("The room is not archived.");
  return room;
}
