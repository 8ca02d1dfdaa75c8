import { events, rooms } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Authorized, auditWhere, authorize, type PermissionKey } from "../access";
import { nonEmpty } from "../batch";
import type { Ctx } from "../context";
import { conflict, notFound, parseInput } from "../errors";
import { NewRoom, RoomKind } from "../events/schemas";

export const CreateRoomInput = NewRoom.extend({ eventId: z.string().min(1).max(64) });
export type CreateRoomInput = z.infer<typeof CreateRoomInput>;

export const UpdateRoomInput = z.object({
  roomId: z.string().min(1).max(64),
  name: z.string().trim().min(1, "Name the room").max(80, "Use at most 80 characters"),
  kind: RoomKind,
  capacity: NewRoom.shape.capacity,
});
export type UpdateRoomInput = z.infer<typeof UpdateRoomInput>;

export const MoveRoomInput = z.object({
  roomId: z.string().min(1).max(64),
  direction: z.enum(["up", "down"]),
});
export type MoveRoomInput = z.infer<typeof MoveRoomInput>;

export const RoomIdInput = z.object({ roomId: z.string().min(1).max(64) });

export type RoomRow = typeof rooms.$inferSelect;

/** Adds a room at the end of the event's room order. */
export async function createRoom({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<RoomRow> {
  const data = parseInput(CreateRoomInput, input);
  const access = await authorize(ctx, "event.update", { kind: "event", eventId: data.eventId });
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

/** The room and its event, for an actor holding `permission` on the room. */
export async function getRoom({
  ctx,
  input,
  permission = "room.enter",
}: {
  ctx: Ctx;
  input: unknown;
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

export async function updateRoom({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<RoomRow> {
  const data = parseInput(UpdateRoomInput, input);
  const access = await authorize(ctx, "event.update", { kind: "room", roomId: data.roomId });
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

/** Swaps the room with its neighbour in the event's order, in one atomic batch. */
export async function moveRoom({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  const data = parseInput(MoveRoomInput, input);
  const access = await authorize(ctx, "event.update", { kind: "room", roomId: data.roomId });
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

export async function archiveRoom({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<RoomRow> {
  const { roomId } = parseInput(RoomIdInput, input);
  const access = await authorize(ctx, "event.update", { kind: "room", roomId });
  const active = and(eq(rooms.id, roomId), eq(rooms.status, "active"));
  const [, [room]] = await ctx.db.batch([
    roomAudit(ctx, access, "room.archive", roomId, active, { status: "archived" }),
    ctx.db.update(rooms).set({ status: "archived" }).where(active).returning(),
  ]);
  if (!room) throw conflict("The room is already archived.");
  return room;
}

/** The audit row for a change to a room, written only if the room matches `where` at that point of the batch. */
function roomAudit(ctx: Ctx, access: Authorized, action: string, roomId: string, where: SQL | undefined, after: unknown) {
  return auditWhere(ctx, { accountId: access.accountId, action, targetType: "room", targetId: roomId, after }, rooms, where);
}
