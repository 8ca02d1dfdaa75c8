import { z } from "zod";
import { rooms } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { type Authorized, authorizeAndReadAll, tableRow } from "../access";
import { type Ctx, requireActor } from "../context";
import { parseInput } from "../errors";
import type { EventRow, RoomRow } from "../events";
import { eventShell, type EventShellRows, eventShellQueries } from "./event-shell";

export const EventPageInput = z.object({ eventId: z.string().min(1).max(64) });

/** `archivedRooms` is filled only for actors who may edit the event (they may restore them). */
export type EventPageData = { event: EventRow; rooms: RoomRow[]; archivedRooms: RoomRow[]; access: Authorized };

/** The event page (/events/:id): the event, the rooms the actor may see and their permissions. One round trip. */
export async function eventPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof EventPageInput> }): Promise<EventPageData> {
  const { eventId } = parseInput(EventPageInput, input);
  const actor = requireActor(ctx);
  const [access, [eventRows, roomRows, grantRows, archivedRows]] = await authorizeAndReadAll<
    [...EventShellRows, Record<string, unknown>[]]
  >(ctx, "event.view", { kind: "event", eventId }, [
    ...eventShellQueries(eventId, actor.userId),
    sql`SELECT * FROM rooms WHERE event_id = ${eventId} AND status = 'archived' ORDER BY position, created_at`,
  ]);
  const archivedRooms = access.permissions.has("event.update") ? archivedRows.map((r) => tableRow(rooms, r)) : [];
  return { ...eventShell(access, [eventRows, roomRows, grantRows]), archivedRooms, access };
}
