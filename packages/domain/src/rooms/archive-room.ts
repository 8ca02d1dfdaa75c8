import type { z } from "zod";
import { rooms } from "@greenroom/db/webapp/schema";
import { and, eq } from "drizzle-orm";
import { authorize, requireEditableEvent } from "../access";
import { roomAudit } from "./room-audit";
import type { Ctx } from "../context";
import { conflict, parseInput } from "../errors";
import { RoomIdInput, type RoomRow } from "./schemas";

export async function archiveRoom({ ctx, input }: { ctx: Ctx; input: z.input<typeof RoomIdInput> }): Promise<RoomRow> {
  const { roomId } = parseInput(RoomIdInput, input);
  const access = await authorize(ctx, "event.update", { kind: "room", roomId });
  requireEditableEvent(access);
  const active = and(eq(rooms.id, roomId), eq(rooms.status, "active"));
  const [, [room]] = await ctx.db.batch([
    roomAudit(ctx, access, "room.archive", roomId, active, { status: "archived" }),
    ctx.db.update(rooms).set({ status: "archived" }).where(active).returning(),
  ]);
  if (!room) throw conflict("The room is already archived.");
  return room;
}
