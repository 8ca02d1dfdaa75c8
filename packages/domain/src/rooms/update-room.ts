import type { z } from "zod";
import { rooms } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { authorize, requireEditableEvent } from "../access";
import { roomAudit } from "./room-audit";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import { type RoomRow, UpdateRoomInput } from "./schemas";

export async function updateRoom({ ctx, input }: { ctx: Ctx; input: z.input<typeof UpdateRoomInput> }): Promise<RoomRow> {
  const data = parseInput(UpdateRoomInput, input);
  const access = await authorize(ctx, "event.update", { kind: "room", roomId: data.roomId });
  requireEditableEvent(access);
  const [, [room]] = await ctx.db.batch([
    roomAudit(ctx, access, "room.update", data.roomId, eq(rooms.id, data.roomId), { name: data.name, kind: data.kind }),
    ctx.db
      .update(rooms)
      .set({ name: data.name, kind: data.kind, capacity: data.capacity ?? null })
      .where(eq(rooms.id, data.roomId))
      .returning(),
  ]);
  if (!room) throw notFound("Room not found");
  return room;
}
