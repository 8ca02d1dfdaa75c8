import type { z } from "zod";
import { rooms } from "@greenroom/db/webapp/schema";
import { and, asc, eq } from "drizzle-orm";
import { authorize, requireEditableEvent } from "../access";
import { roomAudit } from "./room-audit";
import { nonEmpty } from "../batch";
import type { Ctx } from "../context";
import { conflict, parseInput } from "../errors";
import { MoveRoomInput } from "./schemas";

/** Swaps the room with its neighbour in the event's order, in one atomic batch. */
export async function moveRoom({ ctx, input }: { ctx: Ctx; input: z.input<typeof MoveRoomInput> }): Promise<void> {
  const data = parseInput(MoveRoomInput, input);
  const access = await authorize(ctx, "event.update", { kind: "room", roomId: data.roomId });
  requireEditableEvent(access);
  const eventId = access.eventId ?? "";
  const list = await ctx.db
    .select({ id: rooms.id, position: rooms.position })
    .from(rooms)
    .where(and(eq(rooms.eventId, eventId), eq(rooms.status, "active")))
    .orderBy(asc(rooms.position), asc(rooms.createdAt));
  const index = list.findIndex((r) => r.id === data.roomId);
  const neighbour = list[data.direction === "up" ? index - 1 : index + 1];
  const current = list[index];
  if (!current || !neighbour) throw conflict(`The room is already ${data.direction === "up" ? "first" : "last"}.`);
  // Renumber densely so ties left by concurrent inserts cannot make a swap a no-op.
  const order = list.map((r) => r.id);
  order[index] = neighbour.id;
  order[data.direction === "up" ? index - 1 : index + 1] = current.id;
  await ctx.db.batch(
    nonEmpty([
      roomAudit(ctx, access, "room.move", data.roomId, eq(rooms.id, data.roomId), { direction: data.direction }),
      ...order.map((id, position) =>
        ctx.db.update(rooms).set({ position }).where(and(eq(rooms.id, id), eq(rooms.eventId, eventId))),
      ),
    ]),
  );
}
