import type { rooms } from "@greenroom/db/webapp/schema";
import { z } from "zod";
import { Id } from "../ids";
import { NewRoom, RoomKind } from "../events/schemas";

export const CreateRoomInput = NewRoom.extend({ eventId: Id });

export type CreateRoomInput = z.infer<typeof CreateRoomInput>;

export const UpdateRoomInput = z.object({
  roomId: Id,
  name: z.string().trim().min(1, "Name the room").max(80, "Use at most 80 characters"),
  kind: RoomKind,
  capacity: NewRoom.shape.capacity,
});

export type UpdateRoomInput = z.infer<typeof UpdateRoomInput>;

export const MoveRoomInput = z.object({
  roomId: Id,
  direction: z.enum(["up", "down"]),
});

export type MoveRoomInput = z.infer<typeof MoveRoomInput>;

export const RoomIdInput = z.object({ roomId: Id });

export type RoomRow = typeof rooms.$inferSelect;
